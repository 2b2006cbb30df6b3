#include "fakes.h"

#include <sstream>

namespace tb::test {

std::vector<std::string> FakeConsole::replies() const {
  std::vector<std::string> out;
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line))
    if (line.find(") twinbench: ") == std::string::npos) out.push_back(line);
  return out;
}

Rig::Rig(DeviceKind kind, const std::string& id, double intervalS) {
  options.kind = kind;
  options.deviceId = id;
  options.intervalS = intervalS;
}

Node& Rig::boot() {
  node = std::make_unique<Node>(NodeHardware{clock, mqtt, sensors, relay, storage, console, restart}, options);
  node->begin();
  return *node;
}

void Rig::run(uint64_t ms, uint64_t stepMs) {
  for (uint64_t t = 0; t < ms; t += stepMs) {
    node->step();
    clock.advance(stepMs);
  }
  node->step();
}

Node& Rig::online() {
  if (!node) boot();
  node->step();
  node->step();
  return *node;
}

std::string Rig::command(const std::string& id, const std::string& name, const Json& params) {
  Json cmd = {{"id", id}, {"name", name}, {"params", params}, {"ts", 1795465600000ull}};
  mqtt.deliver(node->topics().commands, cmd);
  return id;
}

}  // namespace tb::test
