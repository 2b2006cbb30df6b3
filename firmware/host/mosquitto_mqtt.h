// Mqtt over libmosquitto (Debian's libmosquitto-dev), driven from the node's loop (no threads).
#pragma once
#include <mosquitto.h>

#include <string>

#include "../core/mqtt.h"

namespace tb {

class MosquittoMqtt : public Mqtt {
 public:
  MosquittoMqtt(std::string host, int port);
  ~MosquittoMqtt() override;
  bool connect(const MqttConnectOptions& options) override;
  bool connected() override { return connected_; }
  void disconnect() override;
  bool publish(const std::string& topic, const std::string& payload, int qos, bool retain) override;
  bool subscribe(const std::string& filter, int qos) override;
  void onMessage(MessageHandler handler) override { handler_ = std::move(handler); }
  void poll(int maxWaitMs) override;
  /** Drops the connection without DISCONNECT, as a reset board does: the broker sends the will. */
  void abort();
  /** Sends whatever is queued (up to maxWaitMs), for a clean goodbye. */
  void flush(int maxWaitMs);
  const std::string& lastError() const { return lastError_; }

 private:
  static void onConnect(struct mosquitto*, void* self, int rc);
  static void onDisconnect(struct mosquitto*, void* self, int rc);
  static void onMessageCb(struct mosquitto*, void* self, const struct mosquitto_message* msg);
  std::string host_;
  int port_;
  struct mosquitto* m_ = nullptr;
  bool connected_ = false;
  MessageHandler handler_;
  std::string lastError_;
};

/** Splits mqtt://host:port (port default 1883); false with `error` for anything else. */
bool parseMqttUrl(const std::string& url, std::string& host, int& port, std::string& error);

}  // namespace tb
