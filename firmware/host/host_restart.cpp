#include "host_restart.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace tb {

void HostRestart::restart() {
  mqtt_.abort();
  std::fflush(stdout);
  if (mode_ == RestartMode::Exit) std::_Exit(kEmulatorRestartExitCode);  // the emulator prints the reset
  std::fputs("Rebooting...\n", stdout);
  std::fflush(stdout);
  const std::string nvs = nvs_ ? nvs_() : "";
  if (!nvs.empty()) ::setenv("TB_NODE_NVS", nvs.c_str(), 1);
  std::vector<char*> args;
  for (auto& a : argv_) args.push_back(a.data());
  args.push_back(nullptr);
  ::execv("/proc/self/exe", args.data());
  std::fprintf(stderr, "twinbench-node: restart failed (execv: %s); exiting instead\n", std::strerror(errno));
  std::_Exit(1);
}

}  // namespace tb
