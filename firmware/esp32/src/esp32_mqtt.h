// Mqtt over Wi-Fi with 256dpi/arduino-mqtt (QoS 0/1 publish, last will, persistent sessions).
#pragma once
#include <MQTT.h>
#include <WiFi.h>

#include <string>

#include "mqtt.h"

namespace tb {

class Esp32Mqtt : public Mqtt {
 public:
  /** Telemetry of a breaker is ~1.3 kB: the buffer must hold the largest message. */
  static constexpr int kBufferBytes = 4096;
  Esp32Mqtt(std::string host, int port) : host_(std::move(host)), port_(port), client_(kBufferBytes) {}
  bool connect(const MqttConnectOptions& options) override;
  bool connected() override { return client_.connected(); }
  void disconnect() override { client_.disconnect(); }
  bool publish(const std::string& topic, const std::string& payload, int qos, bool retain) override {
    return client_.publish(topic.c_str(), payload.c_str(), static_cast<int>(payload.size()), retain, qos);
  }
  bool subscribe(const std::string& filter, int qos) override { return client_.subscribe(filter.c_str(), qos); }
  void onMessage(MessageHandler handler) override;
  void poll(int maxWaitMs) override;

 private:
  static void dispatch(MQTTClient* client, char topic[], char bytes[], int length);
  std::string host_;
  int port_;
  WiFiClient net_;
  MQTTClient client_;
  std::string willTopic_, willPayload_;
  MessageHandler handler_;
  static Esp32Mqtt* instance_;
};

}  // namespace tb
