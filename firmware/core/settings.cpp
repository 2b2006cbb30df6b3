#include "settings.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace tb {

const char* deviceTypeName(DeviceKind kind) {
  return kind == DeviceKind::EnvSensor ? "env_sensor" : "smart_breaker";
}

bool parseDeviceType(const std::string& text, DeviceKind& out) {
  if (text == "env_sensor") out = DeviceKind::EnvSensor;
  else if (text == "smart_breaker") out = DeviceKind::SmartBreaker;
  else return false;
  return true;
}

std::vector<SettingSpec> settingSpecs(DeviceKind kind) {
  std::vector<SettingSpec> specs = {
      {"device_id", SettingKind::String, 1, 128, true, false, "thing name and MQTT client id"},
      {"type", SettingKind::String, 1, 32, true, false, "env_sensor or smart_breaker (when not fixed by the build)"},
      {"mqtt_url", SettingKind::String, 1, 256, true, false, "broker, mqtt://host:port"},
      {"mqtt_user", SettingKind::String, 1, 128, true, false, "broker user name (default: device_id)"},
      {"mqtt_password", SettingKind::Secret, 0, 128, true, false, "broker password (twinbench pki issue)"},
      {"wifi_ssid", SettingKind::String, 1, 32, true, false, "Wi-Fi network (ESP32)"},
      {"wifi_password", SettingKind::Secret, 0, 64, true, false, "Wi-Fi password (ESP32)"},
      {"boot_count", SettingKind::Number, 0, 4294967295.0, false, true, "boots since the settings were erased"},
  };
  if (kind == DeviceKind::EnvSensor) {
    specs.push_back({"interval_s", SettingKind::Number, 1, 86400, false, false, "telemetry interval, s"});
    specs.push_back({"deep_sleep", SettingKind::Boolean, 0, 0, false, false, "sleep between measurements"});
  } else {
    specs.push_back({"interval_s", SettingKind::Number, 0.1, 3600, false, false, "telemetry interval, s"});
    specs.push_back({"closed", SettingKind::Boolean, 0, 0, false, false, "contacts closed"});
    specs.push_back({"rated_current", SettingKind::Number, 1, 6300, false, false, "rated current, A"});
  }
  return specs;
}

std::string formatNumber(double value) {
  if (std::floor(value) == value && std::fabs(value) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", value);
    return buf;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", value);
  return buf;
}

const SettingSpec* Settings::spec(const std::string& key) const {
  for (const auto& s : specs_)
    if (key == s.key) return &s;
  return nullptr;
}

bool Settings::get(const std::string& key, std::string& value) const {
  const SettingSpec* s = spec(key);
  if (!s) return false;
  const std::string raw = storage_.get(key, "");
  value = s->kind == SettingKind::Secret ? (raw.empty() ? "" : "***") : raw;
  return true;
}

static bool parseBool(const std::string& text, bool& out) {
  if (text == "true" || text == "1" || text == "on") out = true;
  else if (text == "false" || text == "0" || text == "off") out = false;
  else return false;
  return true;
}

bool Settings::set(const std::string& key, const std::string& value, std::string& error) {
  const SettingSpec* s = spec(key);
  if (!s) {
    error = "unknown key '" + key + "' for " + deviceTypeName(kind_) + "; keys:";
    for (const auto& k : specs_) error += std::string(" ") + k.key;
    return false;
  }
  if (s->readOnly) {
    error = "'" + key + "' is read-only";
    return false;
  }
  std::string stored = value;
  switch (s->kind) {
    case SettingKind::Number: {
      char* end = nullptr;
      const double v = std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0' || !std::isfinite(v)) {
        error = "'" + key + "' takes a number, got '" + value + "'";
        return false;
      }
      if (v < s->min || v > s->max) {
        error = "'" + key + "' must be in " + formatNumber(s->min) + ".." + formatNumber(s->max) + ", got " + value;
        return false;
      }
      stored = formatNumber(v);
      break;
    }
    case SettingKind::Boolean: {
      bool b = false;
      if (!parseBool(value, b)) {
        error = "'" + key + "' takes true or false, got '" + value + "'";
        return false;
      }
      stored = b ? "true" : "false";
      break;
    }
    case SettingKind::String:
    case SettingKind::Secret:
      if (key == "type") {
        DeviceKind k;
        if (!parseDeviceType(value, k)) {
          error = "'type' must be env_sensor or smart_breaker, got '" + value + "'";
          return false;
        }
      }
      if (value.size() < s->min || value.size() > s->max) {
        error = "'" + key + "' must be " + formatNumber(s->min) + ".." + formatNumber(s->max) + " characters long";
        return false;
      }
      break;
  }
  if (!storage_.set(key, stored)) {
    error = "storage refused to write '" + key + "' (flash full or worn?); erase the settings and retry";
    return false;
  }
  return true;
}

std::string Settings::text(const std::string& key, const std::string& fallback) const {
  return storage_.get(key, fallback);
}

double Settings::number(const std::string& key, double fallback) const {
  const std::string raw = storage_.get(key, "");
  if (raw.empty()) return fallback;
  char* end = nullptr;
  const double v = std::strtod(raw.c_str(), &end);
  return (*end == '\0' && std::isfinite(v)) ? v : fallback;
}

bool Settings::boolean(const std::string& key, bool fallback) const {
  bool b = fallback;
  return parseBool(storage_.get(key, ""), b) ? b : fallback;
}

void Settings::setNumber(const std::string& key, double value) { storage_.set(key, formatNumber(value)); }
void Settings::setBoolean(const std::string& key, bool value) { storage_.set(key, value ? "true" : "false"); }

uint32_t Settings::countBoot() {
  const uint32_t n = static_cast<uint32_t>(number("boot_count", 0)) + 1;
  setNumber("boot_count", n);
  return n;
}

}  // namespace tb
