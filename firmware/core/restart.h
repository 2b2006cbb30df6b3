// Restarting and sleeping the chip (ESP32: esp_restart(), esp_deep_sleep()).
#pragma once
#include <cstdint>

namespace tb {

class Restart {
 public:
  virtual ~Restart() = default;
  /** Restarts the device (does not return on hardware). */
  virtual void restart() = 0;
  /** Deep sleep for ms, then boot again (does not return on hardware). */
  virtual void deepSleep(uint64_t ms) = 0;
};

}  // namespace tb
