// Sensors on a real board: a BME280 (temperature, humidity, pressure) on I2C at 0x76 or 0x77, the
// battery on an ADC pin (TB_BATTERY_PIN, through a 1:2 divider), Wi-Fi RSSI. Light, sound, motion and
// gas, and the breaker's metering, come from the simulation until a driver for your part is added
// (implement Sensors; see firmware/README.md).
#pragma once
#include <Adafruit_BME280.h>
#include <WiFi.h>

#include "simulated_sensors.h"

#ifndef TB_BATTERY_PIN
#define TB_BATTERY_PIN 35
#endif

namespace tb {

class Bme280Sensors : public Sensors {
 public:
  Bme280Sensors(Clock& clock, uint64_t seed) : simulated_(clock, seed) {}
  bool begin() { return ok_ = bme_.begin(0x76) || bme_.begin(0x77); }
  bool readEnv(EnvReading& r) override {
    simulated_.readEnv(r);
    if (!ok_) return false;
    r.temperature = bme_.readTemperature();
    r.humidity = bme_.readHumidity();
    r.pressure = bme_.readPressure() / 100.0;
    const double volts = analogReadMilliVolts(TB_BATTERY_PIN) * 2 / 1000.0;
    r.batteryVoltage = volts;
    r.battery = volts <= 3.0 ? 0 : volts >= 4.2 ? 100 : (volts - 3.0) / 1.2 * 100;
    r.rssi = WiFi.RSSI();
    return true;
  }
  bool readMeter(MeterReading& m) override { return simulated_.readMeter(m); }
  void calibrate() override { simulated_.calibrate(); }

 private:
  SimulatedSensors simulated_;
  Adafruit_BME280 bme_;
  bool ok_ = false;
};

}  // namespace tb
