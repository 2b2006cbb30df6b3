// The board's clock, relay and restart.
#pragma once
#include <Arduino.h>
#include <esp_sleep.h>
#include <esp_timer.h>
#include <sys/time.h>

#include "clock.h"
#include "relay.h"
#include "restart.h"

namespace tb {

class Esp32Clock : public Clock {
 public:
  uint64_t monoMs() override { return static_cast<uint64_t>(esp_timer_get_time() / 1000); }
  /** SNTP time, or 0 before it is set (then messages go without ts and the platform stamps them). */
  uint64_t epochMs() override {
    timeval tv;
    gettimeofday(&tv, nullptr);
    if (tv.tv_sec < 1600000000) return 0;
    return static_cast<uint64_t>(tv.tv_sec) * 1000 + tv.tv_usec / 1000;
  }
};

class GpioRelay : public Relay {
 public:
  explicit GpioRelay(int pin) : pin_(pin) { pinMode(pin_, OUTPUT); }
  void setClosed(bool closed) override {
    closed_ = closed;
    digitalWrite(pin_, closed ? HIGH : LOW);
  }
  bool closed() const override { return closed_; }

 private:
  int pin_;
  bool closed_ = false;
};

class Esp32Restart : public Restart {
 public:
  void restart() override {
    Serial.flush();
    ESP.restart();
  }
  void deepSleep(uint64_t ms) override {
    Serial.flush();
    esp_sleep_enable_timer_wakeup(ms * 1000ULL);
    esp_deep_sleep_start();
  }
};

}  // namespace tb
