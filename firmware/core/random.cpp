#include "random.h"

#include <cmath>

namespace {
constexpr double kPi = 3.14159265358979323846;
}

namespace tb {

double Random::gaussian() {
  double u = next();
  if (u < 1e-12) u = 1e-12;
  const double v = next();
  return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * kPi * v);
}

}  // namespace tb
