#include "host_args.h"

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace tb {

const char* kHostUsage =
    "usage: twinbench-node --mqtt mqtt://127.0.0.1:PORT --id ID --type env_sensor|smart_breaker\n"
    "                      [--interval S] [--state FILE] [--keepalive S] [--mqtt-user U] [--mqtt-password P]\n"
    "  The console is on stdin/stdout (status, get KEY, set KEY VALUE, selftest, reboot, version, help).\n"
    "  Environment: TB_NODE_MQTT, TB_NODE_ID, TB_NODE_TYPE, TB_NODE_INTERVAL, TB_NODE_STATE,\n"
    "  TB_NODE_MQTT_USER, TB_NODE_MQTT_PASSWORD (broker credentials: twinbench pki issue ID);\n"
    "  TB_EMU_CHIP, TB_EMU_MAC, TB_EMU_APP_VERSION when the emulated ESP32 runs it as its app.\n"
    "  SIGTERM/SIGINT: says goodbye (status online:false) and exits 0.\n";

static bool parseNumber(const std::string& text, double& out) {
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return !text.empty() && *end == '\0' && std::isfinite(out);
}

bool parseHostArgs(const std::vector<std::string>& args, const GetEnv& env, HostArgs& out, std::string& error) {
  auto fromEnv = [&](const char* name) -> std::string {
    const char* v = env(name);
    return v ? v : "";
  };
  out.mqttUrl = fromEnv("TB_NODE_MQTT");
  out.id = fromEnv("TB_NODE_ID");
  std::string type = fromEnv("TB_NODE_TYPE");
  std::string interval = fromEnv("TB_NODE_INTERVAL");
  out.statePath = fromEnv("TB_NODE_STATE");
  out.mqttUser = fromEnv("TB_NODE_MQTT_USER");
  out.mqttPassword = fromEnv("TB_NODE_MQTT_PASSWORD");
  out.emuChip = fromEnv("TB_EMU_CHIP");
  out.emuMac = fromEnv("TB_EMU_MAC");
  out.emuAppVersion = fromEnv("TB_EMU_APP_VERSION");
  out.underEmulator = !out.emuChip.empty();
  std::string keepalive;

  for (size_t i = 0; i < args.size(); i++) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      out.help = true;
      continue;
    }
    if (a == "--version") {
      out.version = true;
      continue;
    }
    std::string* target = a == "--mqtt" ? &out.mqttUrl
                          : a == "--id" ? &out.id
                          : a == "--type" ? &type
                          : a == "--interval" ? &interval
                          : a == "--state" ? &out.statePath
                          : a == "--keepalive" ? &keepalive
                          : a == "--mqtt-user" ? &out.mqttUser
                          : a == "--mqtt-password" ? &out.mqttPassword
                                               : nullptr;
    if (!target) {
      error = "unknown option '" + a + "'";
      return false;
    }
    if (i + 1 >= args.size()) {
      error = "option " + a + " needs a value";
      return false;
    }
    *target = args[++i];
  }
  out.kindGiven = !type.empty();
  if (!type.empty() && !parseDeviceType(type, out.kind)) {
    error = "--type must be env_sensor or smart_breaker, got '" + type + "'";
    return false;
  }
  if (!interval.empty() && (!parseNumber(interval, out.intervalS) || out.intervalS <= 0)) {
    error = "--interval takes seconds > 0, got '" + interval + "'";
    return false;
  }
  double ka = 0;
  if (!keepalive.empty()) {
    if (!parseNumber(keepalive, ka) || ka < 1 || ka > 65535) {
      error = "--keepalive takes seconds in 1..65535, got '" + keepalive + "'";
      return false;
    }
    out.keepAliveS = static_cast<int>(ka);
  }
  if (!out.emuMac.empty()) {
    std::string hex;
    for (char c : out.emuMac)
      if (std::isxdigit(static_cast<unsigned char>(c))) hex += static_cast<char>(std::tolower(c));
    out.macId = "node-" + hex;
  }
  return true;
}

}  // namespace tb
