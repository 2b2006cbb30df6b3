// The host program's pieces: command line and environment, broker URLs, the state file.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>

#include "file_storage.h"
#include "host_args.h"
#include "mosquitto_mqtt.h"

using namespace tb;

namespace {
GetEnv envOf(std::map<std::string, std::string> vars) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(vars));
  return [shared](const char* name) -> const char* {
    auto it = shared->find(name);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}
}  // namespace

TEST(HostArgs, ReadsFlags) {
  HostArgs a;
  std::string err;
  ASSERT_TRUE(parseHostArgs({"--mqtt", "mqtt://127.0.0.1:1884", "--id", "brk-1", "--type", "smart_breaker",
                             "--interval", "0.5"},
                            envOf({}), a, err))
      << err;
  EXPECT_EQ(a.mqttUrl, "mqtt://127.0.0.1:1884");
  EXPECT_EQ(a.id, "brk-1");
  EXPECT_EQ(a.kind, DeviceKind::SmartBreaker);
  EXPECT_EQ(a.intervalS, 0.5);
  EXPECT_FALSE(a.underEmulator);
}

TEST(HostArgs, FlagsWinOverTheEnvironment) {
  HostArgs a;
  std::string err;
  ASSERT_TRUE(parseHostArgs({"--id", "cli"}, envOf({{"TB_NODE_ID", "env"}, {"TB_NODE_TYPE", "smart_breaker"}}), a, err));
  EXPECT_EQ(a.id, "cli");
  EXPECT_EQ(a.kind, DeviceKind::SmartBreaker);
}

TEST(HostArgs, UnderTheEmulatorTheIdComesFromTheMac) {
  HostArgs a;
  std::string err;
  ASSERT_TRUE(parseHostArgs({}, envOf({{"TB_EMU_CHIP", "esp32"}, {"TB_EMU_MAC", "24:0A:C4:12:34:56"},
                                       {"TB_EMU_APP_VERSION", "0.1.0"}}),
                            a, err));
  EXPECT_TRUE(a.underEmulator);
  EXPECT_EQ(a.macId, "node-240ac4123456");
  EXPECT_EQ(a.id, "") << "a provisioned device_id may still come from storage";
  EXPECT_EQ(a.emuAppVersion, "0.1.0");
}

TEST(HostArgs, SaysWhatIsWrong) {
  HostArgs a;
  std::string err;
  EXPECT_FALSE(parseHostArgs({"--type", "toaster"}, envOf({}), a, err));
  EXPECT_EQ(err, "--type must be env_sensor or smart_breaker, got 'toaster'");
  EXPECT_FALSE(parseHostArgs({"--interval", "-1"}, envOf({}), a, err));
  EXPECT_EQ(err, "--interval takes seconds > 0, got '-1'");
  EXPECT_FALSE(parseHostArgs({"--mqtt"}, envOf({}), a, err));
  EXPECT_EQ(err, "option --mqtt needs a value");
  EXPECT_FALSE(parseHostArgs({"--colour", "red"}, envOf({}), a, err));
  EXPECT_EQ(err, "unknown option '--colour'");
}

TEST(MqttUrl, AcceptsHostPortAndIpv6) {
  std::string host, err;
  int port = 0;
  ASSERT_TRUE(parseMqttUrl("mqtt://127.0.0.1:40683", host, port, err));
  EXPECT_EQ(host, "127.0.0.1");
  EXPECT_EQ(port, 40683);
  ASSERT_TRUE(parseMqttUrl("mqtt://localhost", host, port, err));
  EXPECT_EQ(port, 1883);
  ASSERT_TRUE(parseMqttUrl("mqtt://[::1]:1884/", host, port, err));
  EXPECT_EQ(host, "::1");
  EXPECT_EQ(port, 1884);
}

TEST(MqttUrl, RefusesOtherSchemesAndBadPorts) {
  std::string host, err;
  int port = 0;
  EXPECT_FALSE(parseMqttUrl("mqtts://broker:8883", host, port, err));
  EXPECT_NE(err.find("must look like mqtt://127.0.0.1:1883"), std::string::npos);
  EXPECT_FALSE(parseMqttUrl("mqtt://broker:99999", host, port, err));
  EXPECT_EQ(err, "broker URL 'mqtt://broker:99999' has a bad port '99999' (1..65535)");
  EXPECT_FALSE(parseMqttUrl("mqtt://:1883", host, port, err));
}

TEST(FileStorage, KeepsValuesAcrossInstancesLikeNvs) {
  const std::string path = ::testing::TempDir() + "tb-state-" + std::to_string(::getpid()) + ".json";
  std::remove(path.c_str());
  {
    FileStorage s(path);
    std::string err;
    ASSERT_TRUE(s.load(err));
    ASSERT_TRUE(s.set("boot_count", "3"));
  }
  FileStorage again(path);
  std::string err;
  ASSERT_TRUE(again.load(err));
  EXPECT_EQ(again.get("boot_count", ""), "3");
  std::ofstream(path) << "[1,2]";
  FileStorage broken(path);
  EXPECT_FALSE(broken.load(err));
  EXPECT_NE(err.find("is not a JSON object: delete it"), std::string::npos);
  std::remove(path.c_str());
}
