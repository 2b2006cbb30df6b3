// The host node's command line, with environment fallbacks (TB_NODE_*, and TB_EMU_* when the emulated
// ESP32 starts it as its app).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "../core/settings.h"

namespace tb {

struct HostArgs {
  std::string mqttUrl;    // --mqtt | TB_NODE_MQTT | stored mqtt_url
  std::string id;         // --id | TB_NODE_ID (else: stored device_id, else macId)
  std::string macId;      // node-<mac> under the emulator (TB_EMU_MAC)
  DeviceKind kind = DeviceKind::EnvSensor;  // --type | TB_NODE_TYPE | stored type
  bool kindGiven = false;
  double intervalS = 0;   // --interval | TB_NODE_INTERVAL (0: stored or the type's default)
  std::string statePath;  // --state | TB_NODE_STATE (empty: memory only)
  int keepAliveS = 15;    // --keepalive
  std::string mqttUser;      // --mqtt-user | TB_NODE_MQTT_USER (default: the device id)
  std::string mqttPassword;  // --mqtt-password | TB_NODE_MQTT_PASSWORD (prefer the env: argv is visible in ps)
  bool underEmulator = false;  // TB_EMU_CHIP is set
  std::string emuChip, emuMac, emuAppVersion;
  bool help = false, version = false;
};

using GetEnv = std::function<const char*(const char*)>;

/** Parses argv (without argv[0]); false with `error` naming the bad flag and what it takes. */
bool parseHostArgs(const std::vector<std::string>& args, const GetEnv& env, HostArgs& out, std::string& error);

extern const char* kHostUsage;

}  // namespace tb
