#include "simulated_sensors.h"

#include <cmath>

namespace {
constexpr double kPi = 3.14159265358979323846;
}

namespace tb {

bool SimulatedSensors::readEnv(EnvReading& r) {
  if (failing_) return false;
  const double hours = static_cast<double>(clock_.monoMs()) / 3600000.0;
  const double day = std::sin(2 * kPi * hours / 24);
  r.temperature = 21.5 + 2.0 * day + 0.1 * random_.gaussian();
  r.humidity = 45 - 5 * day + 0.5 * random_.gaussian();
  r.pressure = 1013.25 + 0.3 * random_.gaussian();
  gasDrift_ += 10 * random_.gaussian();
  r.gasResistance = 120000 + gasDrift_ + 500 * random_.gaussian();
  r.light = 350 + 50 * random_.gaussian();
  r.sound = 38 + 3 * random_.gaussian();
  r.motion = random_.next() < 0.05;
  r.battery = 100 - hours * 0.01;  // a year on a cell
  r.batteryVoltage = 3.0 + 1.2 * r.battery / 100;
  r.rssi = -58 + 2 * random_.gaussian();
  return true;
}

bool SimulatedSensors::readMeter(MeterReading& m) {
  if (failing_) return false;
  m.voltageAN = 230 + 0.8 * random_.gaussian();
  m.voltageBN = 230 + 0.8 * random_.gaussian();
  m.voltageCN = 230 + 0.8 * random_.gaussian();
  m.currentA = std::fabs(loadA_ * (1.00 + 0.02 * random_.gaussian()));
  m.currentB = std::fabs(loadA_ * (0.95 + 0.02 * random_.gaussian()));
  m.currentC = std::fabs(loadA_ * (1.05 + 0.02 * random_.gaussian()));
  m.powerFactor = 0.95;
  m.frequency = 50 + 0.01 * random_.gaussian();
  m.temperature = 34 + 0.2 * random_.gaussian();
  m.groundFaultCurrent = groundFaultMa_;
  m.arcFault = false;
  return true;
}

}  // namespace tb
