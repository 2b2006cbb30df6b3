// Restart on the host. `exec` (standalone): drop the broker connection the way a reset board does (the
// broker sends the last will), then exec the same program again: a new boot with the same arguments.
// Without a state file, the settings ride along in TB_NODE_NVS, so a reboot keeps them as NVS would.
// `exit` (as the emulated ESP32's app): drop the connection and exit with kEmulatorRestartExitCode, which
// firmware/emulator-app.ts turns into a software reset of the board (boot log, then the app again).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "../core/restart.h"
#include "mosquitto_mqtt.h"

namespace tb {

enum class RestartMode { Exec, Exit };
/** EMULATOR_RESTART_EXIT_CODE in firmware/emulator-app.ts. */
constexpr int kEmulatorRestartExitCode = 3;

class HostRestart : public Restart {
 public:
  /** `nvs`: what to hand to the next boot in TB_NODE_NVS (empty: nothing). */
  HostRestart(RestartMode mode, MosquittoMqtt& mqtt, std::vector<std::string> argv, std::function<std::string()> nvs)
      : mode_(mode), mqtt_(mqtt), argv_(std::move(argv)), nvs_(std::move(nvs)) {}
  void restart() override;
  /** The host does not sleep: the node stays offline for the time instead (Node handles that). */
  void deepSleep(uint64_t ms) override { (void)ms; }

 private:
  RestartMode mode_;
  MosquittoMqtt& mqtt_;
  std::vector<std::string> argv_;
  std::function<std::string()> nvs_;
};

}  // namespace tb
