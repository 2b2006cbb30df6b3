#include "mosquitto_mqtt.h"

#include <chrono>
#include <cstdlib>
#include <thread>

namespace tb {

bool parseMqttUrl(const std::string& url, std::string& host, int& port, std::string& error) {
  const std::string scheme = "mqtt://";
  if (url.rfind(scheme, 0) != 0) {
    error = "broker URL '" + url + "' must look like mqtt://127.0.0.1:1883 (the host node speaks plain MQTT)";
    return false;
  }
  std::string rest = url.substr(scheme.size());
  rest = rest.substr(0, rest.find('/'));
  std::string portText;
  if (!rest.empty() && rest.front() == '[') {  // [::1]:1883
    const size_t close = rest.find(']');
    if (close == std::string::npos) {
      error = "broker URL '" + url + "' opens [ without closing it";
      return false;
    }
    host = rest.substr(1, close - 1);
    if (close + 1 < rest.size() && rest[close + 1] == ':') portText = rest.substr(close + 2);
  } else {
    const size_t colon = rest.rfind(':');
    host = rest.substr(0, colon);
    if (colon != std::string::npos) portText = rest.substr(colon + 1);
  }
  port = 1883;
  if (!portText.empty() || (!rest.empty() && rest.back() == ':')) {
    char* end = nullptr;
    const long v = std::strtol(portText.c_str(), &end, 10);
    if (portText.empty() || *end != '\0' || v < 1 || v > 65535) {
      error = "broker URL '" + url + "' has a bad port '" + portText + "' (1..65535)";
      return false;
    }
    port = static_cast<int>(v);
  }
  if (host.empty()) {
    error = "broker URL '" + url + "' has no host";
    return false;
  }
  return true;
}

MosquittoMqtt::MosquittoMqtt(std::string host, int port) : host_(std::move(host)), port_(port) {
  mosquitto_lib_init();
}

MosquittoMqtt::~MosquittoMqtt() {
  if (m_) mosquitto_destroy(m_);
  mosquitto_lib_cleanup();
}

void MosquittoMqtt::onConnect(struct mosquitto*, void* self, int rc) {
  auto* me = static_cast<MosquittoMqtt*>(self);
  me->connected_ = rc == 0;
  if (rc != 0) me->lastError_ = mosquitto_connack_string(rc);
}

void MosquittoMqtt::onDisconnect(struct mosquitto*, void* self, int) { static_cast<MosquittoMqtt*>(self)->connected_ = false; }

void MosquittoMqtt::onMessageCb(struct mosquitto*, void* self, const struct mosquitto_message* msg) {
  auto* me = static_cast<MosquittoMqtt*>(self);
  if (!me->handler_) return;
  me->handler_(msg->topic, std::string(static_cast<const char*>(msg->payload), static_cast<size_t>(msg->payloadlen)));
}

bool MosquittoMqtt::connect(const MqttConnectOptions& o) {
  if (m_) mosquitto_destroy(m_);
  m_ = nullptr;
  connected_ = false;
  if (host_.empty()) {
    lastError_ = "no broker configured (set mqtt_url, then reboot)";
    return false;
  }
  m_ = mosquitto_new(o.clientId.c_str(), o.cleanSession, this);
  if (!m_) {
    lastError_ = "mosquitto_new failed (out of memory?)";
    return false;
  }
  mosquitto_int_option(m_, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
  mosquitto_connect_callback_set(m_, &MosquittoMqtt::onConnect);
  mosquitto_disconnect_callback_set(m_, &MosquittoMqtt::onDisconnect);
  mosquitto_message_callback_set(m_, &MosquittoMqtt::onMessageCb);
  if (!o.password.empty()) mosquitto_username_pw_set(m_, o.username.c_str(), o.password.c_str());
  if (!o.will.topic.empty())
    mosquitto_will_set(m_, o.will.topic.c_str(), static_cast<int>(o.will.payload.size()), o.will.payload.data(), o.will.qos,
                       o.will.retain);
  const int rc = mosquitto_connect(m_, host_.c_str(), port_, o.keepAliveS);
  if (rc != MOSQ_ERR_SUCCESS) {
    lastError_ = rc == MOSQ_ERR_ERRNO ? "cannot reach " + host_ + ":" + std::to_string(port_) : mosquitto_strerror(rc);
    return false;
  }
  return true;
}

void MosquittoMqtt::disconnect() {
  if (!m_) return;
  if (connected_) {
    mosquitto_disconnect(m_);
    flush(200);
  }
  mosquitto_destroy(m_);
  m_ = nullptr;
  connected_ = false;
}

void MosquittoMqtt::abort() {
  if (m_) mosquitto_destroy(m_);  // closes the socket without DISCONNECT
  m_ = nullptr;
  connected_ = false;
}

bool MosquittoMqtt::publish(const std::string& topic, const std::string& payload, int qos, bool retain) {
  if (!m_ || !connected_) return false;
  return mosquitto_publish(m_, nullptr, topic.c_str(), static_cast<int>(payload.size()), payload.data(), qos, retain) ==
         MOSQ_ERR_SUCCESS;
}

bool MosquittoMqtt::subscribe(const std::string& filter, int qos) {
  if (!m_ || !connected_) return false;
  return mosquitto_subscribe(m_, nullptr, filter.c_str(), qos) == MOSQ_ERR_SUCCESS;
}

void MosquittoMqtt::poll(int maxWaitMs) {
  if (!m_) {
    std::this_thread::sleep_for(std::chrono::milliseconds(maxWaitMs));
    return;
  }
  const int rc = mosquitto_loop(m_, maxWaitMs, 1);
  if (rc != MOSQ_ERR_SUCCESS) {
    connected_ = false;
    if (rc == MOSQ_ERR_CONN_LOST || rc == MOSQ_ERR_NO_CONN || rc == MOSQ_ERR_ERRNO) {
      mosquitto_destroy(m_);
      m_ = nullptr;
    }
  }
}

void MosquittoMqtt::flush(int maxWaitMs) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(maxWaitMs);
  while (m_ && mosquitto_want_write(m_) && std::chrono::steady_clock::now() < until) mosquitto_loop(m_, 10, 1);
}

}  // namespace tb
