// Reconnect backoff: exponential with "equal jitter", the simulator's rule (docs/simulator.md):
// attempt n waits between half and all of min(max, initial x 2^(n-1)), so a fleet that lost its broker
// does not come back all at once.
#pragma once
#include <cstdint>

#include "random.h"

namespace tb {

struct BackoffOptions {
  /** Ceiling of the first wait, ms. Default 1000. */
  uint32_t initialMs = 1000;
  /** Largest ceiling, ms. Default 30000. */
  uint32_t maxMs = 30000;
};

class Backoff {
 public:
  Backoff(BackoffOptions options, Random& random) : options_(options), random_(random) {}
  /** The wait before the next attempt, ms; each call counts one more failed attempt. */
  uint32_t next();
  /** The ceiling of attempt n (1-based), without jitter. */
  uint32_t ceilingMs(uint32_t attempt) const;
  /** A connection succeeded: start again from the first wait. */
  void reset() { attempt_ = 0; }
  uint32_t attempts() const { return attempt_; }

 private:
  BackoffOptions options_;
  Random& random_;
  uint32_t attempt_ = 0;
};

}  // namespace tb
