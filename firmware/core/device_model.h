// What a device type does: its telemetry fields, desired properties, commands and console status.
// One subclass per type (env_sensor.h, smart_breaker.h); the Node runs whichever it was built with.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "json.h"
#include "settings.h"

namespace tb {

struct CommandOutcome {
  bool ok = true;
  Json result;        // null: no result
  std::string error;  // when !ok: what was wrong and what to do
  bool reboot = false;  // restart once the response is out
};

struct DesiredOutcome {
  /** Properties that could not be applied as asked (unknown, wrong kind, clamped, refused). */
  std::vector<std::string> errors;
  bool intervalChanged = false;
};

/** An event for tb/v1/{id}/events, e.g. {"type":"trip","cause":"ground_fault"}. */
using Event = Json;

class DeviceModel {
 public:
  explicit DeviceModel(Settings& settings) : settings_(settings) {}
  virtual ~DeviceModel() = default;

  virtual DeviceKind kind() const = 0;
  const char* type() const { return deviceTypeName(kind()); }
  /** Telemetry interval in seconds (desired interval_s, default per type). */
  double intervalS() const { return settings_.number("interval_s", defaultIntervalS()); }
  virtual double defaultIntervalS() const = 0;
  virtual bool deepSleep() const { return false; }

  /** The type's own telemetry fields (the node adds uptime_s and fw_version). */
  virtual void sample(Json& fields, uint64_t monoMs) = 0;
  /** The state the device reports to its shadow (desired properties as they really are). */
  virtual Json reported() const = 0;
  /** Applies a shadow delta (or the delta of a get/accepted): obeys what it can. */
  DesiredOutcome applyDesired(const Json& delta);
  /** Runs a command; `params` is an object (maybe empty). */
  virtual CommandOutcome command(const std::string& name, const Json& params, uint64_t monoMs) = 0;
  /** Periodic work (protection, identify LED); events it produces go to `events`. */
  virtual void tick(uint64_t monoMs, std::vector<Event>& events) {
    (void)monoMs;
    (void)events;
  }
  /** key=value pairs for the console's status line. */
  virtual void describe(std::vector<std::pair<std::string, std::string>>& out) const = 0;
  /** A setting changed through the console: bring the hardware in line (e.g. the relay). */
  virtual void settingChanged(const std::string& key) { (void)key; }

 protected:
  /** One desired property: checks kind and range (clamping numbers), then applies it. */
  virtual bool applyProperty(const std::string& key, const Json& value, DesiredOutcome& out) = 0;
  bool applyNumber(const std::string& key, const Json& value, DesiredOutcome& out);
  bool applyBoolean(const std::string& key, const Json& value, DesiredOutcome& out);
  Settings& settings_;
};

}  // namespace tb
