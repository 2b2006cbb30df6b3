// ESP32 NVS keys are at most 15 characters (NVS_KEY_NAME_MAX_SIZE - 1): every key the core writes must
// fit, or Preferences refuses the write on the board while the host build happily accepts it.
#include <gtest/gtest.h>

#include "fakes.h"

using namespace tb;
using namespace tb::test;

TEST(NvsKeys, EveryKeyTheCoreWritesFitsInNvs) {
  for (DeviceKind kind : {DeviceKind::EnvSensor, DeviceKind::SmartBreaker}) {
    Rig rig(kind, "dev-1", 1);
    rig.online();
    for (const auto& spec : settingSpecs(kind)) {
      std::string value = spec.kind == SettingKind::Boolean ? "true" : spec.kind == SettingKind::Number ? "5" : "x";
      if (std::string(spec.key) == "type") value = deviceTypeName(kind);
      if (std::string(spec.key) == "mqtt_url") value = "mqtt://h:1";
      rig.node->console().handle(std::string("set ") + spec.key + " " + value);
    }
    rig.node->console().handle("selftest");
    rig.command("c1", kind == DeviceKind::SmartBreaker ? "open" : "calibrate");
    if (kind == DeviceKind::SmartBreaker) {
      rig.command("c2", "close");
      rig.sensors.setGroundFaultMa(50);
    }
    rig.run(11 * 60 * 1000, 1000);  // past the 10-minute persistence of the energy counters
    rig.mqtt.isConnected = false;
    rig.run(2000);  // a reconnect
    EXPECT_GE(rig.storage.values.size(), 10u);
    for (const auto& kv : rig.storage.values)
      EXPECT_LE(kv.first.size(), 15u) << "NVS key '" << kv.first << "' is too long for the ESP32";
    if (kind == DeviceKind::SmartBreaker) {
      EXPECT_EQ(rig.storage.values.count("energy_import"), 1u);
      EXPECT_EQ(rig.storage.values.count("last_trip_cause"), 1u);
    }
  }
}
