// env_sensor: climate, air quality, light, sound, motion, battery (twin/devices/env-sensor.ts).
// Desired: interval_s (1..86400 s), deep_sleep. Commands: identify {duration_s 1..600}, reboot, calibrate.
#pragma once
#include "device_model.h"
#include "sensors.h"

namespace tb {

class EnvSensor : public DeviceModel {
 public:
  EnvSensor(Settings& settings, Sensors& sensors) : DeviceModel(settings), sensors_(sensors) {}
  DeviceKind kind() const override { return DeviceKind::EnvSensor; }
  double defaultIntervalS() const override { return 10; }
  bool deepSleep() const override { return settings_.boolean("deep_sleep", false); }
  void sample(Json& fields, uint64_t monoMs) override;
  Json reported() const override;
  CommandOutcome command(const std::string& name, const Json& params, uint64_t monoMs) override;
  void tick(uint64_t monoMs, std::vector<Event>& events) override;
  void describe(std::vector<std::pair<std::string, std::string>>& out) const override;
  bool identifying() const { return identifying_; }

 protected:
  bool applyProperty(const std::string& key, const Json& value, DesiredOutcome& out) override;

 private:
  Sensors& sensors_;
  bool identifying_ = false;
  uint64_t identifyUntilMs_ = 0;
  EnvReading last_;
  bool haveLast_ = false;
};

}  // namespace tb
