// Fakes of the node's hardware and network for the GoogleTest suite.
#pragma once
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "../core/clock.h"
#include "../core/console_io.h"
#include "../core/json.h"
#include "../core/mqtt.h"
#include "../core/node.h"
#include "../core/relay.h"
#include "../core/restart.h"
#include "../core/simulated_sensors.h"
#include "../core/storage.h"

namespace tb::test {

class FakeClock : public Clock {
 public:
  uint64_t monoMs() override { return mono; }
  uint64_t epochMs() override { return epoch == 0 ? 0 : epoch + mono; }
  void advance(uint64_t ms) { mono += ms; }
  uint64_t mono = 1000;
  uint64_t epoch = 1795465600000;
};

struct Published {
  std::string topic, payload;
  int qos;
  bool retain;
  Json json() const { return Json::parse(payload, nullptr, false); }
};

class FakeMqtt : public Mqtt {
 public:
  bool connect(const MqttConnectOptions& o) override {
    connects++;
    lastOptions = o;
    if (refuse) return false;
    isConnected = acceptAtOnce;
    return true;
  }
  bool connected() override { return isConnected; }
  void disconnect() override {
    disconnects++;
    isConnected = false;
  }
  bool publish(const std::string& t, const std::string& p, int q, bool r) override {
    if (!isConnected) return false;
    published.push_back({t, p, q, r});
    return true;
  }
  bool subscribe(const std::string& f, int q) override {
    subscriptions[f] = q;
    return isConnected;
  }
  void onMessage(MessageHandler h) override { handler = std::move(h); }
  void poll(int) override {}
  void deliver(const std::string& topic, const std::string& payload) { handler(topic, payload); }
  void deliver(const std::string& topic, const Json& body) { handler(topic, body.dump()); }

  std::vector<Published> on(const std::string& topic) const {
    std::vector<Published> out;
    for (const auto& p : published)
      if (p.topic == topic) out.push_back(p);
    return out;
  }

  bool refuse = false, acceptAtOnce = true, isConnected = false;
  int connects = 0, disconnects = 0;
  MqttConnectOptions lastOptions;
  std::map<std::string, int> subscriptions;
  std::vector<Published> published;
  MessageHandler handler;
};

class MemoryStorage : public Storage {
 public:
  std::string get(const std::string& k, const std::string& f) const override {
    auto it = values.find(k);
    return it == values.end() ? f : it->second;
  }
  bool set(const std::string& k, const std::string& v) override {
    if (readOnly) return false;
    values[k] = v;
    return true;
  }
  std::map<std::string, std::string> values;
  bool readOnly = false;
};

class FakeConsole : public ConsoleIo {
 public:
  bool readLine(std::string& line) override {
    if (input.empty()) return false;
    line = input.front();
    input.pop_front();
    return true;
  }
  void write(const std::string& text) override { output += text; }
  /** Output lines that are not log lines ("I (…) twinbench: …"). */
  std::vector<std::string> replies() const;
  std::deque<std::string> input;
  std::string output;
};

class FakeRelay : public Relay {
 public:
  void setClosed(bool c) override {
    closedNow = c;
    switches++;
  }
  bool closed() const override { return closedNow; }
  bool closedNow = false;
  int switches = 0;
};

class FakeRestart : public Restart {
 public:
  void restart() override { restarts++; }
  void deepSleep(uint64_t ms) override { sleeps.push_back(ms); }
  int restarts = 0;
  std::vector<uint64_t> sleeps;
};

/** A node on fakes, with helpers to run it. */
struct Rig {
  explicit Rig(DeviceKind kind, const std::string& id = "dev-1", double intervalS = 0);
  FakeClock clock;
  FakeMqtt mqtt;
  SimulatedSensors sensors{clock, 42};
  FakeRelay relay;
  MemoryStorage storage;
  FakeConsole console;
  FakeRestart restart;
  NodeOptions options;
  std::unique_ptr<Node> node;
  /** Builds the node (after tests adjusted options/storage) and boots it. */
  Node& boot();
  /** Steps the node while advancing the clock by `ms` in `stepMs` slices. */
  void run(uint64_t ms, uint64_t stepMs = 10);
  /** Boots and runs until online. */
  Node& online();
  std::string command(const std::string& id, const std::string& name, const Json& params = Json::object());
};

}  // namespace tb::test
