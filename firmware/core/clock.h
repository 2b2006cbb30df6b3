// The time source of the core. Injected everywhere so tests run on a fake clock.
#pragma once
#include <cstdint>

namespace tb {

class Clock {
 public:
  virtual ~Clock() = default;
  /** Monotonic milliseconds since boot (ESP32: millis()). */
  virtual uint64_t monoMs() = 0;
  /** Wall clock, ms since the Unix epoch (ESP32: SNTP time; 0 while unknown). */
  virtual uint64_t epochMs() = 0;
};

}  // namespace tb
