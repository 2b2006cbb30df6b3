#include "esp32_mqtt.h"

namespace tb {

Esp32Mqtt* Esp32Mqtt::instance_ = nullptr;

bool Esp32Mqtt::connect(const MqttConnectOptions& o) {
  if (WiFi.status() != WL_CONNECTED || host_.empty()) return false;  // the node backs off and retries
  willTopic_ = o.will.topic;
  willPayload_ = o.will.payload;
  client_.begin(host_.c_str(), port_, net_);
  client_.setKeepAlive(o.keepAliveS);
  client_.setCleanSession(o.cleanSession);
  client_.setTimeout(3000);
  if (!willTopic_.empty()) client_.setWill(willTopic_.c_str(), willPayload_.c_str(), o.will.retain, o.will.qos);
  client_.onMessageAdvanced(&Esp32Mqtt::dispatch);
  // blocking: connected() is true at once on success
  if (o.password.empty()) return client_.connect(o.clientId.c_str());
  return client_.connect(o.clientId.c_str(), o.username.c_str(), o.password.c_str());
}

void Esp32Mqtt::onMessage(MessageHandler handler) {
  handler_ = std::move(handler);
  instance_ = this;
}

void Esp32Mqtt::dispatch(MQTTClient*, char topic[], char bytes[], int length) {
  if (instance_ && instance_->handler_) instance_->handler_(topic, std::string(bytes, static_cast<size_t>(length)));
}

void Esp32Mqtt::poll(int maxWaitMs) {
  client_.loop();
  delay(maxWaitMs > 10 ? 10 : maxWaitMs);  // yields to Wi-Fi and the idle task
}

}  // namespace tb
