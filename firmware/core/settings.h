// The node's settings, kept in Storage (NVS on the ESP32): identity and connection (take effect at the
// next boot) and the desired-state properties (take effect at once). One table says which keys exist,
// their kind and range per device type, so the console's get/set and the shadow share one check.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "storage.h"

namespace tb {

enum class DeviceKind { EnvSensor, SmartBreaker };

const char* deviceTypeName(DeviceKind kind);
/** "env_sensor" | "smart_breaker" → kind; false for anything else. */
bool parseDeviceType(const std::string& text, DeviceKind& out);

enum class SettingKind { String, Number, Boolean, Secret };

struct SettingSpec {
  const char* key;
  SettingKind kind;
  double min, max;  // numbers only
  bool restartNeeded;
  bool readOnly;
  const char* description;
};

/** The settings of a device type (desired-property ranges as in the type specs of twin/devices). */
std::vector<SettingSpec> settingSpecs(DeviceKind kind);

class Settings {
 public:
  Settings(Storage& storage, DeviceKind kind) : storage_(storage), kind_(kind), specs_(settingSpecs(kind)) {}

  DeviceKind kind() const { return kind_; }
  /** The current value as text (secrets as "***" when set), or false for an unknown key. */
  bool get(const std::string& key, std::string& value) const;
  /** Checks and stores; on failure `error` says what was wrong and what is allowed. */
  bool set(const std::string& key, const std::string& value, std::string& error);
  const SettingSpec* spec(const std::string& key) const;
  const std::vector<SettingSpec>& specs() const { return specs_; }

  std::string text(const std::string& key, const std::string& fallback) const;
  double number(const std::string& key, double fallback) const;
  bool boolean(const std::string& key, bool fallback) const;
  void setNumber(const std::string& key, double value);
  void setBoolean(const std::string& key, bool value);
  /** Writes a key outside the table (counters and state the device keeps across boots). */
  void setText(const std::string& key, const std::string& value) { storage_.set(key, value); }

  /** Counts this boot (persisted) and returns the new count. */
  uint32_t countBoot();

 private:
  Storage& storage_;
  DeviceKind kind_;
  std::vector<SettingSpec> specs_;
};

/** Formats a number the way JSON does (no trailing zeros): 2 → "2", 0.5 → "0.5". */
std::string formatNumber(double value);

}  // namespace tb
