// The device side of the AWS shadow: get on boot, deltas applied and reported, what cannot be obeyed
// stays in the delta (and is not reported again and again).
#include <gtest/gtest.h>

#include "fakes.h"

using namespace tb;
using namespace tb::test;

namespace {
const char* kDelta = "$aws/things/dev-1/shadow/update/delta";
const char* kUpdate = "$aws/things/dev-1/shadow/update";
const char* kGetAccepted = "$aws/things/dev-1/shadow/get/accepted";

Json lastReported(const Rig& rig) { return rig.mqtt.on(kUpdate).back().json()["state"]["reported"]; }
Json delta(const Json& state) { return Json{{"state", state}, {"version", 3}, {"timestamp", 1795465600}}; }
}  // namespace

TEST(Shadow, ReportsItsStateWhenItComesOnline) {
  Rig rig(DeviceKind::SmartBreaker);
  rig.online();
  const Json r = lastReported(rig);
  EXPECT_EQ(r["closed"], true);
  EXPECT_EQ(r["interval_s"], 5);
  EXPECT_EQ(r["fw_version"], TB_FW_VERSION);
  EXPECT_EQ(r["boot_count"], 1);
  EXPECT_EQ(r["reconnects"], 0);
}

TEST(Shadow, AppliesTheDesiredStateOfGetAcceptedOnBoot) {
  Rig rig(DeviceKind::EnvSensor);
  rig.online();
  rig.mqtt.deliver(kGetAccepted, Json{{"state", {{"desired", {{"interval_s", 2}}}, {"reported", {{"interval_s", 10}}},
                                                 {"delta", {{"interval_s", 2}}}}},
                                      {"version", 4}});
  EXPECT_EQ(lastReported(rig)["interval_s"], 2);
  EXPECT_EQ(rig.node->model().intervalS(), 2);
  const size_t before = rig.mqtt.on("tb/v1/dev-1/telemetry").size();
  rig.run(4000);
  EXPECT_EQ(rig.mqtt.on("tb/v1/dev-1/telemetry").size(), before + 2) << "now every 2 s";
}

TEST(Shadow, AppliesADeltaStoresItAndReportsIt) {
  Rig rig(DeviceKind::EnvSensor);
  rig.online();
  rig.mqtt.deliver(kDelta, delta({{"interval_s", 30}, {"deep_sleep", false}}));
  EXPECT_EQ(lastReported(rig)["interval_s"], 30);
  EXPECT_EQ(rig.storage.values["interval_s"], "30");
}

TEST(Shadow, ClampsAnOutOfRangeValueAndSaysSo) {
  Rig rig(DeviceKind::SmartBreaker);
  rig.online();
  rig.mqtt.deliver(kDelta, delta({{"interval_s", 0.01}}));
  EXPECT_EQ(lastReported(rig)["interval_s"], 0.1);
  EXPECT_NE(rig.console.output.find("desired.interval_s: 0.01 is out of range 0.1..3600: clamped to 0.1"),
            std::string::npos);
}

TEST(Shadow, IgnoresWrongKindsAndUnknownPropertiesWithoutReportingAgain) {
  Rig rig(DeviceKind::EnvSensor);
  rig.online();
  const size_t reports = rig.mqtt.on(kUpdate).size();
  rig.mqtt.deliver(kDelta, delta({{"interval_s", "fast"}, {"colour", "red"}}));
  rig.mqtt.deliver(kDelta, delta({{"interval_s", "fast"}, {"colour", "red"}}));
  EXPECT_EQ(rig.mqtt.on(kUpdate).size(), reports) << "nothing changed: reporting would make the delta loop";
  EXPECT_NE(rig.console.output.find("desired.interval_s: \"fast\" is not a number: ignored"), std::string::npos);
  EXPECT_NE(rig.console.output.find("desired.colour: not a desired property of env_sensor"), std::string::npos);
}

TEST(Shadow, ReportsOnlyWhenTheStateChanged) {
  Rig rig(DeviceKind::EnvSensor);
  rig.online();
  const size_t reports = rig.mqtt.on(kUpdate).size();
  rig.mqtt.deliver(kDelta, delta({{"interval_s", 20}}));
  rig.mqtt.deliver(kDelta, delta({{"interval_s", 20}}));
  EXPECT_EQ(rig.mqtt.on(kUpdate).size(), reports + 1);
}

TEST(Shadow, BreakerDeltaOpensTheContactsAndTelemetryShowsIt) {
  Rig rig(DeviceKind::SmartBreaker);
  rig.online();
  EXPECT_TRUE(rig.relay.closedNow);
  rig.mqtt.deliver(kDelta, delta({{"closed", false}}));
  EXPECT_FALSE(rig.relay.closedNow);
  EXPECT_EQ(lastReported(rig)["closed"], false);
  const Json t = rig.mqtt.on("tb/v1/dev-1/telemetry").back().json();
  EXPECT_EQ(t["fields"]["breaker_state"], "open");
  EXPECT_EQ(t["fields"]["current_a"], 0);
  EXPECT_EQ(t["fields"]["last_trip_cause"], "manual");
}

TEST(Shadow, ATrippedBreakerDoesNotCloseOnADelta) {
  Rig rig(DeviceKind::SmartBreaker);
  rig.online();
  rig.sensors.setGroundFaultMa(45);
  rig.run(20);
  rig.sensors.setGroundFaultMa(0.4);
  rig.mqtt.deliver(kDelta, delta({{"closed", true}}));
  EXPECT_FALSE(rig.relay.closedNow);
  EXPECT_NE(rig.console.output.find("breaker tripped (ground_fault): send the reset command first"), std::string::npos);
}

TEST(Shadow, IgnoresADeltaWithoutState) {
  Rig rig(DeviceKind::EnvSensor);
  rig.online();
  rig.mqtt.deliver(kDelta, std::string("{\"version\":3}"));
  rig.mqtt.deliver(kDelta, std::string("not json"));
  EXPECT_NE(rig.console.output.find("shadow delta without a state object: ignored"), std::string::npos);
}
