#include "env_sensor.h"

#include <cmath>

namespace tb {

static double round2(double v) { return std::round(v * 100) / 100; }
static double clampTo(double v, double lo, double hi) { return v < lo ? lo : (v > hi ? hi : v); }

void EnvSensor::sample(Json& fields, uint64_t monoMs) {
  (void)monoMs;
  EnvReading r;
  if (!sensors_.readEnv(r)) return;  // a sensor that does not answer sends no fields (uptime still goes)
  last_ = r;
  haveLast_ = true;
  // Clamped to the contract's ranges: a reading outside them would be refused whole by the platform.
  fields["temperature"] = round2(clampTo(r.temperature, -40, 85));
  fields["humidity"] = round2(clampTo(r.humidity, 0, 100));
  fields["pressure"] = round2(clampTo(r.pressure, 300, 1100));
  fields["gas_resistance"] = std::round(clampTo(r.gasResistance, 0, 10000000));
  fields["light"] = round2(clampTo(r.light, 0, 200000));
  fields["sound"] = round2(clampTo(r.sound, 0, 140));
  fields["motion"] = r.motion;
  fields["battery"] = round2(clampTo(r.battery, 0, 100));
  fields["battery_voltage"] = round2(clampTo(r.batteryVoltage, 0, 5));
  fields["rssi"] = std::round(clampTo(r.rssi, -130, 0));
}

Json EnvSensor::reported() const {
  return Json{{"interval_s", intervalS()}, {"deep_sleep", deepSleep()}};
}

bool EnvSensor::applyProperty(const std::string& key, const Json& value, DesiredOutcome& out) {
  if (key == "interval_s") return applyNumber(key, value, out);
  if (key == "deep_sleep") return applyBoolean(key, value, out);
  return false;
}

CommandOutcome EnvSensor::command(const std::string& name, const Json& params, uint64_t monoMs) {
  CommandOutcome out;
  if (name == "identify") {
    double duration = 10;
    if (params.contains("duration_s")) {
      const Json& d = params["duration_s"];
      if (!d.is_number() || d.get<double>() < 1 || d.get<double>() > 600) {
        out.ok = false;
        out.error = "identify: duration_s must be a number in 1..600, got " + d.dump();
        return out;
      }
      duration = d.get<double>();
    }
    identifying_ = true;
    identifyUntilMs_ = monoMs + static_cast<uint64_t>(duration * 1000);
    out.result = Json{{"identify_s", duration}};
  } else if (name == "reboot") {
    out.result = Json{{"rebooting", true}};
    out.reboot = true;
  } else if (name == "calibrate") {
    sensors_.calibrate();
    out.result = Json{{"calibrated", true}};
  } else {
    out.ok = false;
    out.error = "unknown command '" + name + "' for env_sensor (identify, reboot, calibrate)";
  }
  return out;
}

void EnvSensor::tick(uint64_t monoMs, std::vector<Event>& events) {
  (void)events;
  if (identifying_ && monoMs >= identifyUntilMs_) identifying_ = false;
}

void EnvSensor::describe(std::vector<std::pair<std::string, std::string>>& out) const {
  out.emplace_back("deep_sleep", deepSleep() ? "true" : "false");
  out.emplace_back("identify", identifying_ ? "on" : "off");
  if (haveLast_) {
    out.emplace_back("temperature", formatNumber(round2(last_.temperature)));
    out.emplace_back("humidity", formatNumber(round2(last_.humidity)));
  }
}

}  // namespace tb
