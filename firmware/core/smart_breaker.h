// smart_breaker: three-phase metering, protection and remote open/close (twin/devices/smart-breaker.ts).
// Desired: closed, interval_s (0.1..3600 s). Commands: open, close, reset (clears a trip, stays open).
#pragma once
#include "device_model.h"
#include "relay.h"
#include "sensors.h"

namespace tb {

enum class BreakerState { Closed, Open, Tripped };
const char* breakerStateName(BreakerState state);

class SmartBreaker : public DeviceModel {
 public:
  /** Restores the contacts from the stored `closed` setting (default closed). */
  SmartBreaker(Settings& settings, Sensors& sensors, Relay& relay);
  DeviceKind kind() const override { return DeviceKind::SmartBreaker; }
  double defaultIntervalS() const override { return 5; }
  void sample(Json& fields, uint64_t monoMs) override;
  Json reported() const override;
  CommandOutcome command(const std::string& name, const Json& params, uint64_t monoMs) override;
  void tick(uint64_t monoMs, std::vector<Event>& events) override;
  void describe(std::vector<std::pair<std::string, std::string>>& out) const override;
  void settingChanged(const std::string& key) override;

  BreakerState state() const { return state_; }
  /** Ground fault above this trips the breaker (RCD, 30 mA). */
  static constexpr double kGroundFaultTripMa = 30;
  /** Magnetic trip: any phase above this multiple of the rated current (curve C). */
  static constexpr double kMagneticTripMultiple = 10;

 protected:
  bool applyProperty(const std::string& key, const Json& value, DesiredOutcome& out) override;

 private:
  void setState(BreakerState next);
  void trip(const char* cause, std::vector<Event>& events);
  void integrate(uint64_t monoMs);
  double ratedCurrent() const { return settings_.number("rated_current", 63); }

  Sensors& sensors_;
  Relay& relay_;
  BreakerState state_ = BreakerState::Closed;
  std::string lastCause_ = "none";
  MeterReading meter_;
  bool haveMeter_ = false;
  uint64_t lastIntegrateMs_ = 0;
  bool integrating_ = false;
  double importWh_ = 0, exportWh_ = 0, operatingH_ = 0;
  uint64_t lastPersistMs_ = 0;
  static constexpr uint64_t kPersistEveryMs = 600000;
};

}  // namespace tb
