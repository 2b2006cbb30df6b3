// Measurements (ESP32: BME280/BME680 over I2C, ADCs, a metering chip; host: the simulated sensors).
#pragma once
#include <cstdint>

namespace tb {

/** One env_sensor measurement, in the twin's units (docs/twin-contract.md). */
struct EnvReading {
  double temperature = 0;     // °C, -40..85
  double humidity = 0;        // %RH, 0..100
  double pressure = 0;        // hPa, 300..1100
  double gasResistance = 0;   // ohm, 0..10 000 000
  double light = 0;           // lux, 0..200 000
  double sound = 0;           // dBA, 0..140
  bool motion = false;        // since the last reading
  double battery = 0;         // %, 0..100
  double batteryVoltage = 0;  // V, 0..5
  double rssi = 0;            // dBm, -130..0
};

/** One smart_breaker metering sample with the contacts closed (the core zeroes currents when open). */
struct MeterReading {
  double voltageAN = 0, voltageBN = 0, voltageCN = 0;  // V, 0..480
  double currentA = 0, currentB = 0, currentC = 0;     // A, 0..10 000
  double powerFactor = 1;                              // -1..1
  double frequency = 50;                               // Hz, 40..70
  double temperature = 25;                             // °C, -40..200
  double groundFaultCurrent = 0;                       // mA, 0..10 000
  bool arcFault = false;
};

class Sensors {
 public:
  virtual ~Sensors() = default;
  /** False when the sensor did not answer (the message leaves the fields out). */
  virtual bool readEnv(EnvReading& out) = 0;
  virtual bool readMeter(MeterReading& out) = 0;
  /** Re-zeroes the gas sensor's baseline (the calibrate command). */
  virtual void calibrate() = 0;
};

}  // namespace tb
