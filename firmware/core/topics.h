// The topics a node speaks (docs/twin-contract.md, "Topics"): twinbench's profile and the AWS shadow.
#pragma once
#include <string>

namespace tb {

struct Topics {
  explicit Topics(const std::string& deviceId);
  std::string telemetry, events, status, commands, commandResponse;
  std::string shadowGet, shadowGetAccepted, shadowGetRejected;
  std::string shadowUpdate, shadowUpdateAccepted, shadowUpdateRejected, shadowDelta;
};

}  // namespace tb
