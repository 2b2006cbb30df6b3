// twinbench-node: a complete node on the host (the portable core with libmosquitto, a stdin/stdout
// console, simulated sensors). Run it by hand, in tests, or as the emulated ESP32's app.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "../core/messages.h"
#include "../core/node.h"
#include "../core/simulated_sensors.h"
#include "../core/version.h"
#include "file_storage.h"
#include "host_args.h"
#include "host_clock.h"
#include "host_restart.h"
#include "memory_relay.h"
#include "mosquitto_mqtt.h"
#include "stdio_console.h"

namespace {
volatile std::sig_atomic_t stopRequested = 0;
void onSignal(int) { stopRequested = 1; }
}  // namespace

int main(int argc, char** argv) {
  using namespace tb;
  std::vector<std::string> args(argv + 1, argv + argc);
  HostArgs a;
  std::string error;
  if (!parseHostArgs(args, [](const char* n) { return std::getenv(n); }, a, error)) {
    std::fprintf(stderr, "twinbench-node: %s\n%s", error.c_str(), kHostUsage);
    return 2;
  }
  if (a.help) {
    std::fputs(kHostUsage, stdout);
    return 0;
  }
  if (a.version) {
    std::printf("%s %s\n", kProjectName, kFirmwareVersion);
    return 0;
  }
  FileStorage storage(a.statePath);
  if (!storage.load(error)) {
    std::fprintf(stderr, "twinbench-node: %s\n", error.c_str());
    return 2;
  }
  if (a.statePath.empty() && std::getenv("TB_NODE_NVS")) {  // handed over by an exec restart
    storage.restore(std::getenv("TB_NODE_NVS"));
    ::unsetenv("TB_NODE_NVS");
  }
  if (a.mqttUrl.empty()) a.mqttUrl = storage.get("mqtt_url", "");
  if (a.id.empty()) a.id = storage.get("device_id", a.macId);  // provisioned with `set device_id …`
  if (!a.kindGiven) parseDeviceType(storage.get("type", ""), a.kind);  // provisioned with `set type …`
  std::string host;
  int port = 0;
  if (a.mqttUrl.empty()) {
    if (!a.underEmulator) {
      std::fprintf(stderr, "twinbench-node: no broker: pass --mqtt mqtt://127.0.0.1:PORT\n%s", kHostUsage);
      return 2;
    }
  } else if (!parseMqttUrl(a.mqttUrl, host, port, error)) {
    std::fprintf(stderr, "twinbench-node: %s\n", error.c_str());
    return 2;
  }

  std::signal(SIGTERM, onSignal);
  std::signal(SIGINT, onSignal);
  std::signal(SIGPIPE, SIG_IGN);

  HostClock clock;
  MosquittoMqtt mqtt(host, port);
  SimulatedSensors sensors(clock, Random::seedFrom(a.id + a.emuMac));
  MemoryRelay relay;
  static StdioConsole* console = new StdioConsole();  // never freed: its reader thread may outlive main
  HostRestart restart(a.underEmulator ? RestartMode::Exit : RestartMode::Exec, mqtt,
                      std::vector<std::string>(argv, argv + argc),
                      [&storage, &a] { return a.statePath.empty() ? storage.snapshot() : std::string(); });
  NodeOptions o;
  o.deviceId = a.id;
  o.kind = a.kind;
  o.intervalS = a.intervalS;
  o.keepAliveS = a.keepAliveS;
  o.seed = Random::seedFrom(a.emuMac);
  o.mqttUser = a.mqttUser;
  o.mqttPassword = a.mqttPassword;
  Node node({clock, mqtt, sensors, relay, storage, *console, restart}, o);
  node.begin();
  if (a.underEmulator && !a.emuAppVersion.empty() && a.emuAppVersion != kFirmwareVersion)
    console->write(std::string("W (0) twinbench: the flashed image says version ") + a.emuAppVersion +
                   " but this build is " + kFirmwareVersion + ": pack the image again (twinbench firmware pack)\n");
  if (host.empty()) console->write("W (0) twinbench: no broker configured: set mqtt_url mqtt://HOST:PORT, then reboot\n");

  while (!stopRequested) {
    node.step();
    mqtt.poll(static_cast<int>(std::min<uint32_t>(node.idleMs(), 50)));
  }
  if (mqtt.connected()) {
    mqtt.publish(node.topics().status, offlineMessage(node.model().type(), kFirmwareVersion, "shutdown").dump(), 1, true);
    mqtt.flush(500);
    mqtt.disconnect();
  }
  return 0;
}
