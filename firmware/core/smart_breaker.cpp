#include "smart_breaker.h"

#include <algorithm>
#include <cmath>

namespace tb {

const char* breakerStateName(BreakerState state) {
  switch (state) {
    case BreakerState::Closed: return "closed";
    case BreakerState::Open: return "open";
    default: return "tripped";
  }
}

static double round2(double v) { return std::round(v * 100) / 100; }
static double round3(double v) { return std::round(v * 1000) / 1000; }
static double clampTo(double v, double lo, double hi) { return v < lo ? lo : (v > hi ? hi : v); }
/** Line-to-line magnitude of two phase voltages 120° apart. */
static double lineVoltage(double a, double b) { return std::sqrt(a * a + b * b + a * b); }

SmartBreaker::SmartBreaker(Settings& settings, Sensors& sensors, Relay& relay)
    : DeviceModel(settings), sensors_(sensors), relay_(relay) {
  lastCause_ = settings_.text("last_trip_cause", "none");
  importWh_ = settings_.number("energy_import", 0);
  exportWh_ = settings_.number("energy_export", 0);
  operatingH_ = settings_.number("operating_hours", 0);
  state_ = settings_.boolean("closed", true) ? BreakerState::Closed : BreakerState::Open;
  relay_.setClosed(state_ == BreakerState::Closed);
}

void SmartBreaker::setState(BreakerState next) {
  if (next == BreakerState::Open && state_ == BreakerState::Closed) lastCause_ = "manual";
  state_ = next;
  relay_.setClosed(next == BreakerState::Closed);
  // A trip is not remembered as "desired open": after a reset the stored wish decides again.
  if (next != BreakerState::Tripped) settings_.setBoolean("closed", next == BreakerState::Closed);
  if (settings_.text("last_trip_cause", "none") != lastCause_) settings_.setText("last_trip_cause", lastCause_);
}

void SmartBreaker::trip(const char* cause, std::vector<Event>& events) {
  lastCause_ = cause;
  setState(BreakerState::Tripped);
  settings_.setNumber("trip_count", settings_.number("trip_count", 0) + 1);
  events.push_back(Json{{"type", "trip"}, {"cause", cause}});
}

void SmartBreaker::integrate(uint64_t monoMs) {
  if (!integrating_) {
    integrating_ = true;
    lastIntegrateMs_ = monoMs;
    return;
  }
  const double hours = static_cast<double>(monoMs - lastIntegrateMs_) / 3600000.0;
  lastIntegrateMs_ = monoMs;
  if (state_ != BreakerState::Closed || !haveMeter_) return;
  const MeterReading& m = meter_;
  const double p = (m.voltageAN * m.currentA + m.voltageBN * m.currentB + m.voltageCN * m.currentC) * m.powerFactor;
  if (p >= 0) importWh_ += p * hours;
  else exportWh_ += -p * hours;
  operatingH_ += hours;
}

void SmartBreaker::tick(uint64_t monoMs, std::vector<Event>& events) {
  integrate(monoMs);
  if (state_ != BreakerState::Closed) return;
  if (!sensors_.readMeter(meter_)) return;
  haveMeter_ = true;
  const double peak = std::max({meter_.currentA, meter_.currentB, meter_.currentC});
  if (meter_.arcFault) trip("arc_fault", events);
  else if (meter_.groundFaultCurrent > kGroundFaultTripMa) trip("ground_fault", events);
  else if (peak > kMagneticTripMultiple * ratedCurrent()) trip("magnetic", events);
}

void SmartBreaker::sample(Json& f, uint64_t monoMs) {
  integrate(monoMs);
  if (monoMs - lastPersistMs_ >= kPersistEveryMs) {  // counters survive a reboot; flash is not worn per sample
    lastPersistMs_ = monoMs;
    settings_.setNumber("energy_import", round3(importWh_));
    settings_.setNumber("energy_export", round3(exportWh_));
    settings_.setNumber("operating_hours", round3(operatingH_));
  }
  MeterReading m;
  const bool ok = sensors_.readMeter(m);
  if (ok) {
    meter_ = m;
    haveMeter_ = true;
    const bool closed = state_ == BreakerState::Closed;
    const double v[3] = {clampTo(m.voltageAN, 0, 480), clampTo(m.voltageBN, 0, 480), clampTo(m.voltageCN, 0, 480)};
    const double i[3] = {closed ? clampTo(m.currentA, 0, 10000) : 0, closed ? clampTo(m.currentB, 0, 10000) : 0,
                         closed ? clampTo(m.currentC, 0, 10000) : 0};
    const double pf = clampTo(m.powerFactor, -1, 1);
    const char* phase[3] = {"a", "b", "c"};
    double pSum = 0, qSum = 0, sSum = 0;
    for (int k = 0; k < 3; k++) {
      const double s = v[k] * i[k];
      const double p = s * pf;
      const double q = std::sqrt(std::max(0.0, s * s - p * p));
      pSum += p;
      qSum += q;
      sSum += s;
      f[std::string("current_") + phase[k]] = round2(i[k]);
      f[std::string("active_power_") + phase[k]] = round2(p);
      f[std::string("reactive_power_") + phase[k]] = round2(q);
      f[std::string("apparent_power_") + phase[k]] = round2(s);
      f[std::string("power_factor_") + phase[k]] = round3(i[k] > 0 ? pf : 1);
    }
    f["voltage_an"] = round2(v[0]);
    f["voltage_bn"] = round2(v[1]);
    f["voltage_cn"] = round2(v[2]);
    f["voltage_ab"] = round2(std::min(830.0, lineVoltage(v[0], v[1])));
    f["voltage_bc"] = round2(std::min(830.0, lineVoltage(v[1], v[2])));
    f["voltage_ca"] = round2(std::min(830.0, lineVoltage(v[2], v[0])));
    f["current_total"] = round2(i[0] + i[1] + i[2]);
    f["active_power"] = round2(pSum);
    f["reactive_power"] = round2(qSum);
    f["apparent_power"] = round2(sSum);
    f["power_factor"] = round3(sSum > 0 ? clampTo(pSum / sSum, -1, 1) : 1);
    f["frequency"] = round3(clampTo(m.frequency, 40, 70));
    f["temperature"] = round2(clampTo(m.temperature, -40, 200));
    f["ground_fault_current"] = round2(closed ? clampTo(m.groundFaultCurrent, 0, 10000) : 0);
    f["arc_fault"] = closed && m.arcFault;
    f["load_percent"] = round2(clampTo(std::max({i[0], i[1], i[2]}) / ratedCurrent() * 100, 0, 5000));
  }
  const double trips = settings_.number("trip_count", 0);
  f["energy_import"] = round3(importWh_);
  f["energy_export"] = round3(exportWh_);
  f["operating_hours"] = round3(operatingH_);
  f["breaker_state"] = breakerStateName(state_);
  f["trip_count"] = static_cast<int64_t>(trips);
  f["last_trip_cause"] = lastCause_;
  f["maintenance_due"] = trips >= 100 || operatingH_ >= 50000;
  f["rated_current"] = ratedCurrent();
  f["curve"] = "C";
}

Json SmartBreaker::reported() const {
  return Json{{"closed", state_ == BreakerState::Closed}, {"interval_s", intervalS()}};
}

bool SmartBreaker::applyProperty(const std::string& key, const Json& value, DesiredOutcome& out) {
  if (key == "interval_s") return applyNumber(key, value, out);
  if (key != "closed") return false;
  if (!value.is_boolean()) {
    out.errors.push_back("desired.closed: " + value.dump() + " is not a boolean: ignored");
    return true;
  }
  const bool close = value.get<bool>();
  if (state_ == BreakerState::Tripped) {
    out.errors.push_back(std::string("desired.closed: breaker tripped (") + lastCause_ +
                         "): send the reset command first");
    return true;
  }
  setState(close ? BreakerState::Closed : BreakerState::Open);
  return true;
}

CommandOutcome SmartBreaker::command(const std::string& name, const Json& params, uint64_t monoMs) {
  (void)params;
  integrate(monoMs);
  CommandOutcome out;
  if (name == "open") {
    if (state_ == BreakerState::Closed) setState(BreakerState::Open);
  } else if (name == "close") {
    if (state_ == BreakerState::Tripped) {
      out.ok = false;
      out.error = "breaker tripped (" + lastCause_ + "): send reset before close";
      return out;
    }
    if (state_ == BreakerState::Open) setState(BreakerState::Closed);
  } else if (name == "reset") {
    // Clears the trip and leaves the contacts open: reclosing onto a fault is a separate, deliberate close.
    if (state_ == BreakerState::Tripped) setState(BreakerState::Open);
  } else {
    out.ok = false;
    out.error = "unknown command '" + name + "' for smart_breaker (open, close, reset)";
    return out;
  }
  out.result = Json{{"breaker_state", breakerStateName(state_)}};
  return out;
}

void SmartBreaker::settingChanged(const std::string& key) {
  if (key != "closed" || state_ == BreakerState::Tripped) return;
  setState(settings_.boolean("closed", true) ? BreakerState::Closed : BreakerState::Open);
}

void SmartBreaker::describe(std::vector<std::pair<std::string, std::string>>& out) const {
  out.emplace_back("breaker_state", breakerStateName(state_));
  out.emplace_back("last_trip_cause", lastCause_);
  out.emplace_back("trip_count", formatNumber(settings_.number("trip_count", 0)));
}

}  // namespace tb
