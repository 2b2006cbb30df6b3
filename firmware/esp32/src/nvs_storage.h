// Storage in NVS through Arduino's Preferences (namespace "twinbench"). NVS keys are at most 15
// characters; the core's keys are (settings.cpp, smart_breaker.cpp).
#pragma once
#include <Preferences.h>

#include "storage.h"

namespace tb {

class NvsStorage : public Storage {
 public:
  bool begin() { return prefs_.begin("twinbench", false); }
  std::string get(const std::string& key, const std::string& fallback) const override {
    auto& p = const_cast<Preferences&>(prefs_);
    if (!p.isKey(key.c_str())) return fallback;
    return p.getString(key.c_str(), fallback.c_str()).c_str();
  }
  bool set(const std::string& key, const std::string& value) override {
    return prefs_.putString(key.c_str(), value.c_str()) == value.size();
  }

 private:
  Preferences prefs_;
};

}  // namespace tb
