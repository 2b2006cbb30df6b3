#include "random.h"

#include <cmath>

namespace tb {

double Random::gaussian() {
  double u = next();
  if (u < 1e-12) u = 1e-12;
  const double v = next();
  return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * M_PI * v);
}

}  // namespace tb
