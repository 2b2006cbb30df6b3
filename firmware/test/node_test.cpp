// Connecting, birth and last will, telemetry on schedule, reconnects, reboot and deep sleep.
#include <gtest/gtest.h>

#include "fakes.h"

using namespace tb;
using namespace tb::test;

TEST(Node, ConnectsWithARetainedLastWillThatSaysOffline) {
  Rig rig(DeviceKind::SmartBreaker, "brk-1");
  rig.online();
  ASSERT_EQ(rig.mqtt.connects, 1);
  const auto& will = rig.mqtt.lastOptions.will;
  EXPECT_EQ(will.topic, "tb/v1/brk-1/status");
  EXPECT_TRUE(will.retain);
  EXPECT_EQ(will.qos, 1);
  const Json w = Json::parse(will.payload);
  EXPECT_EQ(w["online"], false);
  EXPECT_EQ(w["type"], "smart_breaker");
  EXPECT_EQ(w["reason"], "last_will");
  EXPECT_EQ(rig.mqtt.lastOptions.clientId, "brk-1");
}

TEST(Node, SendsNoCredentialsUntilItHasAPassword) {
  Rig rig(DeviceKind::EnvSensor, "env-1");
  rig.online();
  EXPECT_EQ(rig.mqtt.lastOptions.username, "");
  EXPECT_EQ(rig.mqtt.lastOptions.password, "");
}

TEST(Node, LogsInAsItsDeviceIdWithTheStoredPassword) {
  // What `set mqtt_password …` (from `twinbench pki issue env-1`) leaves in NVS.
  Rig rig(DeviceKind::EnvSensor, "env-1");
  rig.storage.set("mqtt_password", "derived-secret");
  rig.online();
  EXPECT_EQ(rig.mqtt.lastOptions.username, "env-1");
  EXPECT_EQ(rig.mqtt.lastOptions.password, "derived-secret");
}

TEST(Node, TakesCredentialsFromItsOptionsBeforeTheStoredOnes) {
  Rig rig(DeviceKind::SmartBreaker, "brk-1");
  rig.storage.set("mqtt_password", "stored");
  rig.options.mqttUser = "other-user";
  rig.options.mqttPassword = "given";
  rig.online();
  EXPECT_EQ(rig.mqtt.lastOptions.username, "other-user");
  EXPECT_EQ(rig.mqtt.lastOptions.password, "given");
}

TEST(Node, AnnouncesItselfWithARetainedBirthCarryingTypeAndVersion) {
  Rig rig(DeviceKind::EnvSensor, "env-1");
  rig.online();
  const auto births = rig.mqtt.on("tb/v1/env-1/status");
  ASSERT_EQ(births.size(), 1u);
  EXPECT_TRUE(births[0].retain);
  EXPECT_EQ(births[0].qos, 1);
  const Json b = births[0].json();
  EXPECT_EQ(b["online"], true);
  EXPECT_EQ(b["type"], "env_sensor");
  EXPECT_EQ(b["fw_version"], TB_FW_VERSION);
  EXPECT_EQ(rig.mqtt.subscriptions.count("tb/v1/env-1/commands"), 1u);
  EXPECT_EQ(rig.mqtt.subscriptions.count("$aws/things/env-1/shadow/update/delta"), 1u);
  EXPECT_EQ(rig.mqtt.subscriptions.count("$aws/things/env-1/shadow/get/accepted"), 1u);
  EXPECT_EQ(rig.mqtt.on("$aws/things/env-1/shadow/get").size(), 1u);
}

TEST(Node, SendsTelemetryInTheEnvelopeOnSchedule) {
  Rig rig(DeviceKind::EnvSensor, "env-1", 2);
  rig.online();
  rig.run(10000);
  const auto t = rig.mqtt.on("tb/v1/env-1/telemetry");
  ASSERT_EQ(t.size(), 6u) << "one at connect, then every 2 s for 10 s";
  uint64_t lastSeq = 0;
  for (const auto& m : t) {
    const Json j = m.json();
    ASSERT_TRUE(j["seq"].is_number_integer());
    EXPECT_GT(j["seq"].get<uint64_t>(), lastSeq);
    lastSeq = j["seq"].get<uint64_t>();
    EXPECT_TRUE(j["ts"].is_number_integer());
    EXPECT_TRUE(j["sent"].is_number_integer());
    EXPECT_TRUE(j["fields"]["temperature"].is_number());
    EXPECT_TRUE(j["fields"]["uptime_s"].is_number_integer());
    EXPECT_EQ(j["fields"]["fw_version"], TB_FW_VERSION);
  }
  EXPECT_EQ(t.back().json()["fields"]["uptime_s"], 10);
}

TEST(Node, LeavesTimesOutWhileTheWallClockIsUnknown) {
  Rig rig(DeviceKind::EnvSensor, "env-1");
  rig.clock.epoch = 0;  // no SNTP yet
  rig.online();
  const Json j = rig.mqtt.on("tb/v1/env-1/telemetry").at(0).json();
  EXPECT_FALSE(j.contains("ts"));
  EXPECT_FALSE(j.contains("sent"));
  EXPECT_TRUE(j.contains("seq"));
}

TEST(Node, RetriesARefusedConnectionWithGrowingWaits) {
  Rig rig(DeviceKind::EnvSensor, "env-1");
  rig.mqtt.refuse = true;
  rig.boot();
  std::vector<uint64_t> attemptsAt;
  int seen = 0;
  for (int i = 0; i < 6000; i++) {  // 60 s
    rig.node->step();
    if (rig.mqtt.connects != seen) {
      seen = rig.mqtt.connects;
      attemptsAt.push_back(rig.clock.mono);
    }
    rig.clock.advance(10);
  }
  ASSERT_GE(attemptsAt.size(), 5u);
  for (size_t i = 2; i < attemptsAt.size() && i < 6; i++) {
    const uint64_t gap = attemptsAt[i] - attemptsAt[i - 1];
    const uint64_t ceiling = 1000ull << (i - 1);
    EXPECT_GE(gap, ceiling / 2) << "gap before attempt " << i + 1;
    EXPECT_LE(gap, ceiling + 10) << "gap before attempt " << i + 1;
  }
  rig.mqtt.refuse = false;
  rig.run(31000);
  EXPECT_EQ(rig.node->link(), LinkState::Online);
  EXPECT_EQ(rig.node->reconnects(), 0u) << "a first connection is not a reconnect";
}

TEST(Node, DropsAConnectionThatGetsNoConnackAndTriesAgain) {
  Rig rig(DeviceKind::EnvSensor, "env-1");
  rig.mqtt.acceptAtOnce = false;
  rig.boot();
  rig.node->step();
  EXPECT_EQ(rig.node->link(), LinkState::Connecting);
  rig.run(5100);
  EXPECT_EQ(rig.node->link(), LinkState::Offline);
  EXPECT_EQ(rig.mqtt.disconnects, 1);
  rig.mqtt.acceptAtOnce = true;
  rig.run(1100);
  EXPECT_EQ(rig.node->link(), LinkState::Online);
}

TEST(Node, ComesBackAfterALostConnectionAndCountsOneReconnect) {
  Rig rig(DeviceKind::SmartBreaker, "brk-1");
  rig.online();
  rig.mqtt.isConnected = false;  // the broker went away
  rig.mqtt.published.clear();
  rig.run(1500);
  EXPECT_EQ(rig.node->link(), LinkState::Online);
  EXPECT_EQ(rig.node->reconnects(), 1u);
  EXPECT_EQ(rig.mqtt.on("tb/v1/brk-1/status").size(), 1u) << "birth again";
  const auto reports = rig.mqtt.on("$aws/things/brk-1/shadow/update");
  ASSERT_FALSE(reports.empty());
  EXPECT_EQ(reports.front().json()["state"]["reported"]["reconnects"], 1);
  EXPECT_NE(rig.console.output.find("reconnect 1"), std::string::npos);
}

TEST(Node, ARebootShowsAsOneReconnectBecauseTheCountIsKept) {
  Rig rig(DeviceKind::SmartBreaker, "brk-1");
  rig.online();
  EXPECT_EQ(rig.node->reconnects(), 0u);
  rig.boot();  // the same storage: a restart
  rig.mqtt.published.clear();
  rig.online();
  EXPECT_EQ(rig.node->bootCount(), 2u);
  EXPECT_EQ(rig.node->reconnects(), 1u);
  const Json reported = rig.mqtt.on("$aws/things/brk-1/shadow/update").front().json()["state"]["reported"];
  EXPECT_EQ(reported["boot_count"], 2);
  EXPECT_EQ(reported["reconnects"], 1);
}

TEST(Node, RebootCommandAnswersFirstThenRestarts) {
  Rig rig(DeviceKind::EnvSensor, "env-1");
  rig.online();
  rig.command("c1", "reboot");
  const auto r = rig.mqtt.on("tb/v1/env-1/commands/response");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[1].json()["status"], "succeeded");
  EXPECT_EQ(rig.restart.restarts, 0) << "not before the answer is out";
  rig.run(400);
  EXPECT_EQ(rig.restart.restarts, 1);
}

TEST(Node, CountsBootsInStorage) {
  Rig rig(DeviceKind::EnvSensor, "env-1");
  rig.boot();
  EXPECT_EQ(rig.node->bootCount(), 1u);
  rig.boot();
  EXPECT_EQ(rig.node->bootCount(), 2u);
  EXPECT_EQ(rig.storage.values["boot_count"], "2");
}

TEST(Node, DeepSleepSaysGoodbyeAndSleepsForTheInterval) {
  Rig rig(DeviceKind::EnvSensor, "env-1");
  rig.storage.values["deep_sleep"] = "true";
  rig.storage.values["interval_s"] = "60";
  rig.online();
  EXPECT_FALSE(rig.mqtt.lastOptions.cleanSession) << "a sleeper keeps its session so commands wait for it";
  rig.mqtt.deliver("$aws/things/env-1/shadow/get/rejected", Json{{"code", 404}, {"message", "No shadow exists"}});
  rig.node->step();
  ASSERT_EQ(rig.restart.sleeps.size(), 1u);
  EXPECT_EQ(rig.restart.sleeps[0], 60000u);
  const auto status = rig.mqtt.on("tb/v1/env-1/status");
  ASSERT_EQ(status.size(), 2u);
  EXPECT_EQ(status[1].json()["online"], false);
  EXPECT_EQ(status[1].json()["reason"], "deep_sleep");
  EXPECT_EQ(rig.node->link(), LinkState::Offline);
  EXPECT_EQ(rig.mqtt.on("tb/v1/env-1/telemetry").size(), 1u) << "it measured once before sleeping";
}
