// The real clock of the host: steady_clock since start, system_clock for the epoch.
#pragma once
#include <chrono>

#include "../core/clock.h"

namespace tb {

class HostClock : public Clock {
 public:
  uint64_t monoMs() override {
    return static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_).count());
  }
  uint64_t epochMs() override {
    return static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace tb
