// The MQTT connection the core talks through (host: libmosquitto; ESP32: PubSubClient over Wi-Fi).
#pragma once
#include <cstdint>
#include <functional>
#include <string>

namespace tb {

struct MqttWill {
  std::string topic;
  std::string payload;
  int qos = 1;
  bool retain = true;
};

struct MqttConnectOptions {
  std::string clientId;
  MqttWill will;
  /** Keepalive in seconds; the broker fires the will after 1.5 x this of silence. */
  int keepAliveS = 15;
  bool cleanSession = true;
  /** Broker credentials (twinbench --device-auth: user = device id). Empty password: none sent. */
  std::string username;
  std::string password;
};

class Mqtt {
 public:
  using MessageHandler = std::function<void(const std::string& topic, const std::string& payload)>;
  virtual ~Mqtt() = default;
  /** Starts a connection attempt. Returns false when it failed at once (the node backs off and retries). */
  virtual bool connect(const MqttConnectOptions& options) = 0;
  virtual bool connected() = 0;
  virtual void disconnect() = 0;
  virtual bool publish(const std::string& topic, const std::string& payload, int qos, bool retain) = 0;
  virtual bool subscribe(const std::string& filter, int qos) = 0;
  /** Called for every message received (from inside poll()). */
  virtual void onMessage(MessageHandler handler) = 0;
  /** Does network work for up to maxWaitMs; delivers messages. */
  virtual void poll(int maxWaitMs) = 0;
};

}  // namespace tb
