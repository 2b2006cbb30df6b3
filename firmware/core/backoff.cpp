#include "backoff.h"

#include <algorithm>

namespace tb {

uint32_t Backoff::ceilingMs(uint32_t attempt) const {
  const uint32_t shift = std::min<uint32_t>(attempt == 0 ? 0 : attempt - 1, 30);
  const uint64_t ceiling = static_cast<uint64_t>(options_.initialMs) << shift;
  return static_cast<uint32_t>(std::min<uint64_t>(ceiling, options_.maxMs));
}

uint32_t Backoff::next() {
  attempt_++;
  const double ceiling = ceilingMs(attempt_);
  return static_cast<uint32_t>(ceiling / 2 + random_.next() * (ceiling / 2));
}

}  // namespace tb
