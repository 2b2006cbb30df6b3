// Commands: delivered at once, then succeeded with a result or failed with the reason; retries are
// answered, not run twice.
#include <gtest/gtest.h>

#include "fakes.h"

using namespace tb;
using namespace tb::test;

namespace {
const char* kResponse = "tb/v1/dev-1/commands/response";
std::vector<Json> responses(const Rig& rig) {
  std::vector<Json> out;
  for (const auto& p : rig.mqtt.on(kResponse)) out.push_back(p.json());
  return out;
}
}  // namespace

TEST(Commands, OpenIsDeliveredThenSucceededAndTheTwinSeesIt) {
  Rig rig(DeviceKind::SmartBreaker);
  rig.online();
  rig.command("cmd-1", "open");
  const auto r = responses(rig);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0]["id"], "cmd-1");
  EXPECT_EQ(r[0]["status"], "delivered");
  EXPECT_EQ(r[1]["status"], "succeeded");
  EXPECT_EQ(r[1]["result"]["breaker_state"], "open");
  EXPECT_TRUE(r[1]["ts"].is_number_integer());
  EXPECT_FALSE(rig.relay.closedNow);
  EXPECT_EQ(rig.mqtt.on("tb/v1/dev-1/telemetry").back().json()["fields"]["breaker_state"], "open");
  EXPECT_EQ(rig.mqtt.on("$aws/things/dev-1/shadow/update").back().json()["state"]["reported"]["closed"], false);
  for (const auto& p : rig.mqtt.on(kResponse)) EXPECT_EQ(p.qos, 1);
}

TEST(Commands, CloseOnATripNeedsAResetFirst) {
  Rig rig(DeviceKind::SmartBreaker);
  rig.online();
  rig.sensors.setGroundFaultMa(45);
  rig.run(20);
  rig.sensors.setGroundFaultMa(0.4);
  const auto events = rig.mqtt.on("tb/v1/dev-1/events");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].json()["type"], "trip");
  EXPECT_EQ(events[0].json()["cause"], "ground_fault");
  EXPECT_EQ(rig.mqtt.on("tb/v1/dev-1/telemetry").back().json()["fields"]["trip_count"], 1);

  rig.command("c1", "close");
  EXPECT_EQ(responses(rig).back()["status"], "failed");
  EXPECT_EQ(responses(rig).back()["error"], "breaker tripped (ground_fault): send reset before close");
  rig.command("c2", "reset");
  EXPECT_EQ(responses(rig).back()["result"]["breaker_state"], "open");
  rig.command("c3", "close");
  EXPECT_EQ(responses(rig).back()["result"]["breaker_state"], "closed");
  EXPECT_TRUE(rig.relay.closedNow);
}

TEST(Commands, ARetriedIdIsAnsweredNotRunTwice) {
  Rig rig(DeviceKind::SmartBreaker);
  rig.online();
  rig.command("same", "open");
  const int switches = rig.relay.switches;
  rig.command("same", "open");
  EXPECT_EQ(rig.relay.switches, switches);
  const auto r = responses(rig);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[2], r[1]);
}

TEST(Commands, AnUnknownCommandFailsNamingTheKnownOnes) {
  Rig rig(DeviceKind::SmartBreaker);
  rig.online();
  rig.command("c1", "explode");
  EXPECT_EQ(responses(rig).back()["status"], "failed");
  EXPECT_EQ(responses(rig).back()["error"], "unknown command 'explode' for smart_breaker (open, close, reset)");
}

TEST(Commands, AMalformedCommandWithAnIdIsAnsweredFailed) {
  Rig rig(DeviceKind::EnvSensor);
  rig.online();
  rig.mqtt.deliver("tb/v1/dev-1/commands", std::string("{\"id\":\"x1\",\"params\":{}}"));
  rig.mqtt.deliver("tb/v1/dev-1/commands", std::string("{oops"));
  const auto r = responses(rig);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0]["id"], "x1");
  EXPECT_EQ(r[0]["status"], "failed");
  EXPECT_EQ(r[0]["error"], "malformed command: name must be a non-empty string");
}

TEST(Commands, IdentifyChecksItsDurationAndBlinksForIt) {
  Rig rig(DeviceKind::EnvSensor);
  rig.online();
  rig.command("c1", "identify", {{"duration_s", 700}});
  EXPECT_EQ(responses(rig).back()["error"], "identify: duration_s must be a number in 1..600, got 700");
  rig.command("c2", "identify", {{"duration_s", 3}});
  EXPECT_EQ(responses(rig).back()["status"], "succeeded");
  EXPECT_NE(rig.node->statusLine().find("identify=on"), std::string::npos);
  rig.run(3100);
  EXPECT_NE(rig.node->statusLine().find("identify=off"), std::string::npos);
}

TEST(Commands, CalibrateSucceeds) {
  Rig rig(DeviceKind::EnvSensor);
  rig.online();
  rig.command("c1", "calibrate");
  EXPECT_EQ(responses(rig).back()["status"], "succeeded");
  EXPECT_EQ(responses(rig).back()["result"]["calibrated"], true);
}
