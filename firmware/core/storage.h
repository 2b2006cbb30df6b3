// Non-volatile key/value settings (ESP32: NVS through Preferences; host: a JSON file or memory).
#pragma once
#include <string>

namespace tb {

class Storage {
 public:
  virtual ~Storage() = default;
  /** The stored value, or fallback when the key was never written. */
  virtual std::string get(const std::string& key, const std::string& fallback) const = 0;
  /** Writes and commits; false when the medium refused it. */
  virtual bool set(const std::string& key, const std::string& value) = 0;
};

}  // namespace tb
