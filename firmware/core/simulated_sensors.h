// Sensors without hardware: plausible readings (a daily temperature swing, noise, a slowly draining
// battery, a loaded three-phase feeder). The host node always uses them; an ESP32 build uses them when
// built with TB_SIMULATED_SENSORS. Faults can be set for tests and demos.
#pragma once
#include "clock.h"
#include "random.h"
#include "sensors.h"

namespace tb {

class SimulatedSensors : public Sensors {
 public:
  SimulatedSensors(Clock& clock, uint64_t seed) : clock_(clock), random_(seed) {}
  bool readEnv(EnvReading& out) override;
  bool readMeter(MeterReading& out) override;
  void calibrate() override { gasDrift_ = 0; }

  /** Makes every read fail (a sensor that stopped answering). */
  void setFailing(bool failing) { failing_ = failing; }
  /** Residual current the meter sees, mA (above 30 trips the breaker). */
  void setGroundFaultMa(double mA) { groundFaultMa_ = mA; }
  /** Load current per phase, A. */
  void setLoadA(double amps) { loadA_ = amps; }

 private:
  Clock& clock_;
  Random random_;
  bool failing_ = false;
  double groundFaultMa_ = 0.4;
  double loadA_ = 18;
  double gasDrift_ = 0;
};

}  // namespace tb
