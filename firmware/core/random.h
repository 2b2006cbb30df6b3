// A small seeded pseudo-random source (xorshift64*), so jitter and simulated readings are reproducible
// in tests and differ between devices (seeded from the device id and the boot count).
#pragma once
#include <cstdint>
#include <string>

namespace tb {

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed ? seed : 0x9E3779B97F4A7C15ull) {}
  /** FNV-1a of text: a seed from a device id. */
  static uint64_t seedFrom(const std::string& text, uint64_t salt = 0) {
    uint64_t h = 1469598103934665603ull ^ salt;
    for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
    return h;
  }
  uint64_t nextU64() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 2685821657736338717ull;
  }
  /** Uniform in [0, 1). */
  double next() { return static_cast<double>(nextU64() >> 11) / 9007199254740992.0; }
  /** Standard normal (Box-Muller). */
  double gaussian();

 private:
  uint64_t state_;
};

}  // namespace tb
