// A twinbench node: connects, announces itself, keeps its shadow in step, sends telemetry on schedule,
// answers commands and its console. Everything it touches comes in through NodeHardware, so the same
// code runs on the ESP32 (esp32/) and on the host (host/), and under test with fakes (test/).
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "backoff.h"
#include "clock.h"
#include "console.h"
#include "console_io.h"
#include "device_model.h"
#include "mqtt.h"
#include "random.h"
#include "relay.h"
#include "restart.h"
#include "sensors.h"
#include "settings.h"
#include "storage.h"
#include "topics.h"

namespace tb {

struct NodeHardware {
  Clock& clock;
  Mqtt& mqtt;
  Sensors& sensors;
  Relay& relay;
  Storage& storage;
  ConsoleIo& console;
  Restart& restart;
};

struct NodeOptions {
  /** Thing name and client id. Empty: the stored device_id. */
  std::string deviceId;
  DeviceKind kind = DeviceKind::EnvSensor;
  /** Telemetry interval, s, when neither the shadow nor the console has set one. 0: the type's default. */
  double intervalS = 0;
  /** Reconnect backoff. Default: 1 s doubling to 30 s, equal jitter. */
  BackoffOptions backoff;
  /** MQTT keepalive, s. Default 15. */
  int keepAliveS = 15;
  /** A connection that has no CONNACK after this long is dropped and retried, ms. Default 5000. */
  uint32_t connectTimeoutMs = 5000;
  /** Delay between a reboot request and the restart, so the answers go out first, ms. Default 300. */
  uint32_t rebootDelayMs = 300;
  /** Extra seed for the jitter and the simulated sensors (the MAC on hardware). */
  uint64_t seed = 0;
  /**
   * Broker password (twinbench pki issue <id> prints it). Empty: the stored mqtt_password, else none.
   * The user name is mqttUser, else the stored mqtt_user, else the device id.
   */
  std::string mqttPassword;
  std::string mqttUser;
};

enum class LinkState { Offline, Connecting, Online };

class Node : public ConsoleTarget {
 public:
  Node(NodeHardware hw, NodeOptions options);
  /** Counts the boot, prints the banner. Call once. */
  void begin();
  /** Does whatever is due; never blocks. Call often (the host calls it every poll). */
  void step();
  /** How long step() can wait before something is due, ms (the host polls the network that long). */
  uint32_t idleMs();

  LinkState link() const { return link_; }
  const Topics& topics() const { return topics_; }
  DeviceModel& model() { return *model_; }
  Console& console() { return console_; }
  uint32_t bootCount() const { return bootCount_; }
  /** Connections to the broker after the first one, since the settings were erased (kept across boots). */
  uint32_t reconnects() const { return reconnects_; }
  uint64_t seq() const { return seq_; }
  /** Sends one telemetry message now (also the console's and tests' way to force one). */
  void publishTelemetry();

  // ConsoleTarget
  std::string statusLine() override;
  bool getSetting(const std::string& key, std::string& value) override;
  bool setSetting(const std::string& key, const std::string& value, bool& afterReboot, std::string& error) override;
  void selftest(ConsoleIo& out) override;
  void requestReboot() override;
  std::string versionLine() override;

 private:
  void handleMessage(const std::string& topic, const std::string& payload);
  void handleCommand(const std::string& payload);
  void handleDesired(const Json& delta, const char* source);
  void onOnline();
  void onConnectFailed(const char* why);
  void report(bool force);
  void publishJson(const std::string& topic, const Json& body, int qos, bool retain);
  void log(char level, const std::string& text);
  uint64_t uptimeS() const;

  NodeHardware hw_;
  NodeOptions options_;
  Settings settings_;
  std::string deviceId_;
  Topics topics_;
  Random random_;
  Backoff backoff_;
  std::unique_ptr<DeviceModel> model_;
  Console console_;

  LinkState link_ = LinkState::Offline;
  uint64_t nextAttemptMs_ = 0;
  uint64_t connectDeadlineMs_ = 0;
  uint64_t nextTelemetryMs_ = 0;
  uint64_t bootMs_ = 0;
  uint64_t rebootAtMs_ = 0;
  bool rebootPending_ = false;
  bool everOnline_ = false;
  bool shadowSynced_ = false;
  bool sentSinceOnline_ = false;
  uint32_t bootCount_ = 0;
  uint32_t reconnects_ = 0;
  uint64_t seq_ = 0;
  Json lastReported_;
  struct Answer {
    std::string id;
    Json body;
  };
  std::deque<Answer> answered_;
};

}  // namespace tb
