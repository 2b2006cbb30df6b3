#include "node.h"

#include <algorithm>

#include "command_request.h"
#include "env_sensor.h"
#include "messages.h"
#include "selftest.h"
#include "smart_breaker.h"
#include "version.h"

namespace tb {

namespace {
constexpr size_t kRememberedAnswers = 8;

std::string resolveId(const NodeOptions& o, Storage& storage) {
  if (!o.deviceId.empty()) return o.deviceId;
  return storage.get("device_id", "twinbench-node");
}

std::unique_ptr<DeviceModel> makeModel(DeviceKind kind, Settings& settings, NodeHardware& hw) {
  if (kind == DeviceKind::SmartBreaker) return std::make_unique<SmartBreaker>(settings, hw.sensors, hw.relay);
  return std::make_unique<EnvSensor>(settings, hw.sensors);
}
}  // namespace

Node::Node(NodeHardware hw, NodeOptions options)
    : hw_(hw),
      options_(options),
      settings_(hw.storage, options.kind),
      deviceId_(resolveId(options, hw.storage)),
      topics_(deviceId_),
      random_(Random::seedFrom(deviceId_, options.seed ^ hw.clock.monoMs())),
      backoff_(options.backoff, random_),
      model_(makeModel(options.kind, settings_, hw_)),
      console_(hw.console, *this) {
  hw_.mqtt.onMessage([this](const std::string& topic, const std::string& payload) { handleMessage(topic, payload); });
}

void Node::begin() {
  bootMs_ = hw_.clock.monoMs();
  bootCount_ = settings_.countBoot();
  const double connects = settings_.number("connects", 0);
  reconnects_ = connects > 0 ? static_cast<uint32_t>(connects) - 1 : 0;
  if (options_.intervalS > 0 && settings_.text("interval_s", "").empty()) {
    const SettingSpec* s = settings_.spec("interval_s");
    settings_.setNumber("interval_s", std::min(s->max, std::max(s->min, options_.intervalS)));
  }
  nextAttemptMs_ = bootMs_;
  log('I', std::string(kProjectName) + " " + kFirmwareVersion + " " + model_->type() + " id=" + deviceId_ +
               " boot=" + std::to_string(bootCount_));
}

uint64_t Node::uptimeS() const { return (hw_.clock.monoMs() - bootMs_) / 1000; }

void Node::log(char level, const std::string& text) {
  hw_.console.write(std::string(1, level) + " (" + std::to_string(hw_.clock.monoMs()) + ") twinbench: " + text + "\n");
}

void Node::publishJson(const std::string& topic, const Json& body, int qos, bool retain) {
  hw_.mqtt.publish(topic, body.dump(), qos, retain);
}

void Node::step() {
  const uint64_t now = hw_.clock.monoMs();
  console_.poll();

  std::vector<Event> events;
  model_->tick(now, events);
  for (auto& e : events) {
    log('W', "event " + e.dump());
    if (link_ == LinkState::Online) {
      if (hw_.clock.epochMs() > 0) e["ts"] = hw_.clock.epochMs();
      publishJson(topics_.events, e, 1, false);
    }
  }
  if (!events.empty() && link_ == LinkState::Online) {
    report(false);
    publishTelemetry();
  }

  switch (link_) {
    case LinkState::Offline:
      if (now >= nextAttemptMs_) {
        MqttConnectOptions o;
        o.clientId = deviceId_;
        o.keepAliveS = options_.keepAliveS;
        o.password = options_.mqttPassword.empty() ? hw_.storage.get("mqtt_password", "") : options_.mqttPassword;
        if (!o.password.empty())
          o.username = !options_.mqttUser.empty() ? options_.mqttUser : hw_.storage.get("mqtt_user", deviceId_);
        o.cleanSession = !model_->deepSleep();  // a sleeper keeps its session so QoS 1 commands wait for it
        o.will = {topics_.status, offlineMessage(model_->type(), kFirmwareVersion, "last_will").dump(), 1, true};
        if (hw_.mqtt.connect(o)) {
          link_ = LinkState::Connecting;
          connectDeadlineMs_ = now + options_.connectTimeoutMs;
        } else {
          onConnectFailed("connect refused or broker unreachable");
        }
      }
      break;
    case LinkState::Connecting:
      if (hw_.mqtt.connected()) onOnline();
      else if (now >= connectDeadlineMs_) {
        hw_.mqtt.disconnect();
        onConnectFailed("no CONNACK in time");
      }
      break;
    case LinkState::Online:
      if (!hw_.mqtt.connected()) {
        link_ = LinkState::Offline;
        shadowSynced_ = false;
        const uint32_t wait = backoff_.next();
        nextAttemptMs_ = now + wait;
        log('W', "mqtt connection lost; reconnecting in " + std::to_string(wait) + " ms");
        break;
      }
      if (now >= nextTelemetryMs_) {
        publishTelemetry();
        const uint64_t interval = static_cast<uint64_t>(model_->intervalS() * 1000);
        nextTelemetryMs_ += interval;
        if (nextTelemetryMs_ <= now) nextTelemetryMs_ = now + interval;
      }
      if (model_->deepSleep() && shadowSynced_ && sentSinceOnline_ && !rebootPending_) {
        const uint64_t sleepMs = static_cast<uint64_t>(model_->intervalS() * 1000);
        log('I', "deep sleep for " + std::to_string(sleepMs) + " ms");
        publishJson(topics_.status, offlineMessage(model_->type(), kFirmwareVersion, "deep_sleep"), 1, true);
        hw_.mqtt.disconnect();
        link_ = LinkState::Offline;
        nextAttemptMs_ = now + sleepMs;  // where deepSleep returns (the host), stay away as long
        hw_.restart.deepSleep(sleepMs);
      }
      break;
  }

  if (rebootPending_ && hw_.clock.monoMs() >= rebootAtMs_) {
    rebootPending_ = false;
    log('I', "restarting");
    hw_.restart.restart();
  }
}

uint32_t Node::idleMs() {
  const uint64_t now = hw_.clock.monoMs();
  uint64_t due = now + 1000;
  if (link_ == LinkState::Offline) due = std::min(due, nextAttemptMs_);
  if (link_ == LinkState::Connecting) due = std::min(due, now + 20);
  if (link_ == LinkState::Online) due = std::min(due, nextTelemetryMs_);
  if (rebootPending_) due = std::min(due, rebootAtMs_);
  return due <= now ? 0 : static_cast<uint32_t>(due - now);
}

void Node::onConnectFailed(const char* why) {
  link_ = LinkState::Offline;
  const uint32_t wait = backoff_.next();
  nextAttemptMs_ = hw_.clock.monoMs() + wait;
  log('W', std::string("mqtt: ") + why + "; attempt " + std::to_string(backoff_.attempts()) + ", retrying in " +
               std::to_string(wait) + " ms");
}

void Node::onOnline() {
  link_ = LinkState::Online;
  // Reconnects: sessions after the first one since the settings were erased, across reboots (so a
  // reboot shows on the twin as one reconnect, as a dropped connection does).
  const uint32_t connects = static_cast<uint32_t>(settings_.number("connects", 0)) + 1;
  settings_.setNumber("connects", connects);
  reconnects_ = connects - 1;
  everOnline_ = true;
  backoff_.reset();
  shadowSynced_ = false;
  sentSinceOnline_ = false;
  hw_.mqtt.subscribe(topics_.commands, 1);
  hw_.mqtt.subscribe(topics_.shadowDelta, 1);
  hw_.mqtt.subscribe(topics_.shadowGetAccepted, 1);
  hw_.mqtt.subscribe(topics_.shadowGetRejected, 1);
  hw_.mqtt.subscribe(topics_.shadowUpdateRejected, 0);
  publishJson(topics_.status, birthMessage(model_->type(), kFirmwareVersion, hw_.clock.epochMs()), 1, true);
  publishJson(topics_.shadowGet, Json{{"clientToken", "get-" + std::to_string(bootCount_)}}, 1, false);
  report(true);
  publishTelemetry();
  nextTelemetryMs_ = hw_.clock.monoMs() + static_cast<uint64_t>(model_->intervalS() * 1000);
  log('I', "mqtt online as " + deviceId_ + (reconnects_ ? " (reconnect " + std::to_string(reconnects_) + ")" : ""));
}

void Node::publishTelemetry() {
  if (link_ != LinkState::Online) return;
  Json fields = Json::object();
  fields["uptime_s"] = uptimeS();
  fields["fw_version"] = kFirmwareVersion;
  model_->sample(fields, hw_.clock.monoMs());
  const uint64_t t = hw_.clock.epochMs();
  publishJson(topics_.telemetry, telemetryMessage(++seq_, t, t, fields), 0, false);
  sentSinceOnline_ = true;
}

void Node::report(bool force) {
  if (link_ != LinkState::Online) return;
  Json reported = model_->reported();
  reported["fw_version"] = kFirmwareVersion;
  reported["boot_count"] = bootCount_;
  reported["reconnects"] = reconnects_;
  // Reporting only on change matters: a delta the device cannot obey would otherwise loop forever.
  if (!force && reported == lastReported_) return;
  lastReported_ = reported;
  publishJson(topics_.shadowUpdate, reportedUpdate(reported, "rep-" + std::to_string(seq_)), 1, false);
}

void Node::handleMessage(const std::string& topic, const std::string& payload) {
  if (topic == topics_.commands) return handleCommand(payload);
  const Json doc = Json::parse(payload, nullptr, false);
  if (topic == topics_.shadowDelta) {
    if (doc.is_object() && doc.contains("state") && doc["state"].is_object()) handleDesired(doc["state"], "delta");
    else log('W', "shadow delta without a state object: ignored");
  } else if (topic == topics_.shadowGetAccepted) {
    shadowSynced_ = true;
    const Json* state = doc.is_object() && doc.contains("state") ? &doc["state"] : nullptr;
    if (state && state->is_object() && state->contains("desired") && (*state)["desired"].is_object())
      handleDesired((*state)["desired"], "shadow");
    else report(false);
  } else if (topic == topics_.shadowGetRejected) {
    shadowSynced_ = true;  // 404: no shadow yet, nothing desired
    if (!(doc.is_object() && doc.value("code", 0) == 404)) log('W', "shadow get rejected: " + payload);
  } else if (topic == topics_.shadowUpdateRejected) {
    log('W', "shadow update rejected: " + payload);
  }
}

void Node::handleDesired(const Json& desired, const char* source) {
  const DesiredOutcome out = model_->applyDesired(desired);
  for (const auto& e : out.errors) log('W', e);
  if (out.intervalChanged)
    nextTelemetryMs_ = hw_.clock.monoMs() + static_cast<uint64_t>(model_->intervalS() * 1000);
  log('I', std::string("desired from ") + source + " " + desired.dump());
  const Json before = lastReported_;
  report(false);
  if (lastReported_ != before) publishTelemetry();
}

void Node::handleCommand(const std::string& payload) {
  CommandRequest req;
  std::string error;
  const uint64_t ts = hw_.clock.epochMs();
  if (!parseCommandRequest(payload, req, error)) {
    log('W', "command refused: " + error);
    if (!req.id.empty()) publishJson(topics_.commandResponse, commandResponse(req.id, "failed", nullptr, error, ts), 1, false);
    return;
  }
  for (const auto& a : answered_)
    if (a.id == req.id) return publishJson(topics_.commandResponse, a.body, 1, false);  // a retry: answer, don't rerun
  publishJson(topics_.commandResponse, commandResponse(req.id, "delivered", nullptr, "", ts), 1, false);
  const CommandOutcome out = model_->command(req.name, req.params, hw_.clock.monoMs());
  const Json body = out.ok ? commandResponse(req.id, "succeeded", out.result, "", hw_.clock.epochMs())
                           : commandResponse(req.id, "failed", nullptr, out.error, hw_.clock.epochMs());
  answered_.push_back({req.id, body});
  if (answered_.size() > kRememberedAnswers) answered_.pop_front();
  publishJson(topics_.commandResponse, body, 1, false);
  log(out.ok ? 'I' : 'W', "command " + req.name + " " + (out.ok ? "succeeded" : "failed: " + out.error));
  if (!out.ok) return;
  if (out.reboot) return requestReboot();
  report(false);
  publishTelemetry();
}

std::string Node::statusLine() {
  const char* link = link_ == LinkState::Online ? "online" : link_ == LinkState::Connecting ? "connecting" : "offline";
  std::string s = "status id=" + deviceId_ + " type=" + model_->type() + " fw=" + kFirmwareVersion + " mqtt=" + link +
                  " boot_count=" + std::to_string(bootCount_) + " reconnects=" + std::to_string(reconnects_) +
                  " uptime_s=" + std::to_string(uptimeS()) + " interval_s=" + formatNumber(model_->intervalS()) +
                  " seq=" + std::to_string(seq_);
  std::vector<std::pair<std::string, std::string>> extra;
  model_->describe(extra);
  for (const auto& kv : extra) s += " " + kv.first + "=" + kv.second;
  return s;
}

bool Node::getSetting(const std::string& key, std::string& value) {
  if (!settings_.get(key, value)) return false;
  if (value.empty() && key == "interval_s") value = formatNumber(model_->intervalS());
  if (value.empty() && key == "device_id") value = deviceId_;
  return true;
}

bool Node::setSetting(const std::string& key, const std::string& value, bool& afterReboot, std::string& error) {
  if (!settings_.set(key, value, error)) return false;
  afterReboot = settings_.spec(key)->restartNeeded;
  if (afterReboot) return true;
  model_->settingChanged(key);
  if (key == "interval_s") nextTelemetryMs_ = hw_.clock.monoMs() + static_cast<uint64_t>(model_->intervalS() * 1000);
  report(false);
  return true;
}

void Node::selftest(ConsoleIo& out) {
  runSelfTest({hw_.clock, hw_.storage, hw_.sensors, hw_.mqtt,
               options_.kind == DeviceKind::SmartBreaker ? &hw_.relay : nullptr, *model_},
              out);
}

void Node::requestReboot() {
  rebootPending_ = true;
  rebootAtMs_ = hw_.clock.monoMs() + options_.rebootDelayMs;
}

std::string Node::versionLine() { return std::string(kProjectName) + " " + kFirmwareVersion; }

}  // namespace tb
