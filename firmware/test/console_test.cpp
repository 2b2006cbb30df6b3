// The serial console: parsing, and each command's answer.
#include <gtest/gtest.h>

#include "../core/console.h"
#include "fakes.h"

using namespace tb;
using namespace tb::test;

TEST(ConsoleParser, SplitsWordsAndKeepsQuotedSpaces) {
  ConsoleLine l;
  std::string err;
  ASSERT_TRUE(parseConsoleLine("  set  wifi_ssid \"my \\\"home\\\" net\"\r", l, err));
  EXPECT_EQ(l.verb, "set");
  ASSERT_EQ(l.args.size(), 2u);
  EXPECT_EQ(l.args[0], "wifi_ssid");
  EXPECT_EQ(l.args[1], "my \"home\" net");
  ASSERT_TRUE(parseConsoleLine("set wifi_password \"\"", l, err));
  ASSERT_EQ(l.args.size(), 2u);
  EXPECT_EQ(l.args[1], "");
  ASSERT_TRUE(parseConsoleLine("   ", l, err));
  EXPECT_EQ(l.verb, "");
}

TEST(ConsoleParser, RefusesAnUnterminatedQuote) {
  ConsoleLine l;
  std::string err;
  EXPECT_FALSE(parseConsoleLine("set wifi_ssid \"open", l, err));
  EXPECT_EQ(err, "unterminated quote: close it with \"");
}

namespace {
std::string ask(Rig& rig, const std::string& line) {
  rig.console.output.clear();
  rig.node->console().handle(line);
  const auto r = rig.console.replies();
  return r.empty() ? "" : r.front();
}
}  // namespace

TEST(Console, StatusIsOneLineThatAgreesWithTheTwin) {
  Rig rig(DeviceKind::SmartBreaker, "brk-9", 2);
  rig.online();
  rig.command("c1", "open");
  const std::string s = ask(rig, "status");
  EXPECT_EQ(s.rfind("status id=brk-9 type=smart_breaker fw=" TB_FW_VERSION " mqtt=online boot_count=1 reconnects=0 ", 0), 0u)
      << s;
  EXPECT_NE(s.find(" interval_s=2 "), std::string::npos) << s;
  EXPECT_NE(s.find(" breaker_state=open "), std::string::npos) << s;
}

TEST(Console, GetAndSetCheckTheKey) {
  Rig rig(DeviceKind::EnvSensor);
  rig.online();
  EXPECT_EQ(ask(rig, "get interval_s"), "interval_s=10");
  EXPECT_EQ(ask(rig, "set interval_s 5"), "ok interval_s=5");
  EXPECT_EQ(ask(rig, "get interval_s"), "interval_s=5");
  EXPECT_EQ(rig.mqtt.on("$aws/things/dev-1/shadow/update").back().json()["state"]["reported"]["interval_s"], 5);
  EXPECT_EQ(ask(rig, "set interval_s 0"), "error: 'interval_s' must be in 1..86400, got 0");
  EXPECT_EQ(ask(rig, "set interval_s soon"), "error: 'interval_s' takes a number, got 'soon'");
  EXPECT_EQ(ask(rig, "set deep_sleep maybe"), "error: 'deep_sleep' takes true or false, got 'maybe'");
  EXPECT_EQ(ask(rig, "set closed true").rfind("error: unknown key 'closed' for env_sensor; keys: device_id", 0), 0u);
  EXPECT_EQ(ask(rig, "set boot_count 0"), "error: 'boot_count' is read-only");
  EXPECT_EQ(ask(rig, "get"), "error: usage: get KEY");
  EXPECT_EQ(ask(rig, "get nope"), "error: unknown key 'nope'; `get` takes a key that `set` lists");
}

TEST(Console, ConnectionSettingsWaitForTheNextBootAndSecretsStayHidden) {
  Rig rig(DeviceKind::EnvSensor);
  rig.online();
  EXPECT_EQ(ask(rig, "set mqtt_url mqtt://10.0.0.2:1883"), "ok mqtt_url=mqtt://10.0.0.2:1883 (takes effect after reboot)");
  EXPECT_EQ(ask(rig, "set wifi_password \"s3cret pass\""), "ok wifi_password=*** (takes effect after reboot)");
  EXPECT_EQ(ask(rig, "get wifi_password"), "wifi_password=***");
  EXPECT_EQ(rig.storage.values["wifi_password"], "s3cret pass");
}

TEST(Console, TheTypeCanBeProvisionedForTheNextBoot) {
  Rig rig(DeviceKind::EnvSensor);
  rig.online();
  EXPECT_EQ(ask(rig, "set type toaster"), "error: 'type' must be env_sensor or smart_breaker, got 'toaster'");
  EXPECT_EQ(ask(rig, "set type smart_breaker"), "ok type=smart_breaker (takes effect after reboot)");
}

TEST(Console, SettingClosedMovesTheRelay) {
  Rig rig(DeviceKind::SmartBreaker);
  rig.online();
  EXPECT_EQ(ask(rig, "set closed false"), "ok closed=false");
  EXPECT_FALSE(rig.relay.closedNow);
}

TEST(Console, SelftestPrintsUnityResults) {
  Rig rig(DeviceKind::SmartBreaker);
  rig.online();
  rig.console.output.clear();
  rig.node->console().handle("selftest");
  const std::string& out = rig.console.output;
  EXPECT_NE(out.find(":storage_roundtrip:PASS\n"), std::string::npos) << out;
  EXPECT_NE(out.find(":relay_matches_state:PASS\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\n-----------------------\n6 Tests 0 Failures 0 Ignored\nOK\n"), std::string::npos) << out;
}

TEST(Console, SelftestFailsOfflineAndSaysWhatToCheck) {
  Rig rig(DeviceKind::EnvSensor);
  rig.boot();
  rig.console.output.clear();
  rig.node->console().handle("selftest");
  const std::string& out = rig.console.output;
  EXPECT_NE(out.find(":mqtt_connected:FAIL: not connected to the broker: check mqtt_url"), std::string::npos) << out;
  EXPECT_NE(out.find(":relay_matches_state:IGNORE: env_sensor has no relay"), std::string::npos) << out;
  EXPECT_NE(out.find("6 Tests 1 Failures 1 Ignored\nFAIL\n"), std::string::npos) << out;
}

TEST(Console, SelftestFailsWhenStorageRefusesWrites) {
  Rig rig(DeviceKind::EnvSensor);
  rig.online();
  rig.storage.readOnly = true;
  rig.console.output.clear();
  rig.node->console().handle("selftest");
  EXPECT_NE(rig.console.output.find(":storage_roundtrip:FAIL: write refused"), std::string::npos);
}

TEST(Console, VersionRebootAndUnknownCommands) {
  Rig rig(DeviceKind::EnvSensor);
  rig.online();
  EXPECT_EQ(ask(rig, "version"), "twinbench-node " TB_FW_VERSION);
  EXPECT_EQ(ask(rig, "version now"), "error: 'version' takes no arguments");
  EXPECT_EQ(ask(rig, "launch"),
            "error: unknown command 'launch'; commands: status, get KEY, set KEY VALUE, selftest, reboot, version, help");
  EXPECT_EQ(ask(rig, "reboot"), "rebooting");
  rig.run(400);
  EXPECT_EQ(rig.restart.restarts, 1);
}

TEST(Console, ReadsLinesFromItsInput) {
  Rig rig(DeviceKind::EnvSensor);
  rig.online();
  rig.console.output.clear();
  rig.console.input = {"version", "", "help"};
  rig.node->step();
  const auto r = rig.console.replies();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0], "twinbench-node " TB_FW_VERSION);
}
