#include "device_model.h"

#include <algorithm>

namespace tb {

DesiredOutcome DeviceModel::applyDesired(const Json& delta) {
  DesiredOutcome out;
  if (!delta.is_object()) {
    out.errors.push_back("desired state is not an object: ignored");
    return out;
  }
  for (auto it = delta.begin(); it != delta.end(); ++it) {
    if (it.value().is_null()) continue;  // a deleted wish: nothing to do (AWS never puts one in a delta)
    if (!applyProperty(it.key(), it.value(), out))
      out.errors.push_back("desired." + it.key() + ": not a desired property of " + type() + ": ignored");
  }
  return out;
}

bool DeviceModel::applyNumber(const std::string& key, const Json& value, DesiredOutcome& out) {
  const SettingSpec* spec = settings_.spec(key);
  if (!spec) return false;
  if (!value.is_number()) {
    out.errors.push_back("desired." + key + ": " + value.dump() + " is not a number: ignored");
    return true;
  }
  const double asked = value.get<double>();
  const double v = std::min(spec->max, std::max(spec->min, asked));
  if (v != asked)
    out.errors.push_back("desired." + key + ": " + value.dump() + " is out of range " + formatNumber(spec->min) + ".." +
                         formatNumber(spec->max) + ": clamped to " + formatNumber(v));
  if (key == "interval_s" && v != intervalS()) out.intervalChanged = true;
  settings_.setNumber(key, v);
  return true;
}

bool DeviceModel::applyBoolean(const std::string& key, const Json& value, DesiredOutcome& out) {
  if (!settings_.spec(key)) return false;
  if (!value.is_boolean()) {
    out.errors.push_back("desired." + key + ": " + value.dump() + " is not a boolean: ignored");
    return true;
  }
  settings_.setBoolean(key, value.get<bool>());
  return true;
}

}  // namespace tb
