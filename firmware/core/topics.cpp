#include "topics.h"

namespace tb {

Topics::Topics(const std::string& id) {
  const std::string tb = "tb/v1/" + id + "/";
  telemetry = tb + "telemetry";
  events = tb + "events";
  status = tb + "status";
  commands = tb + "commands";
  commandResponse = tb + "commands/response";
  const std::string shadow = "$aws/things/" + id + "/shadow/";
  shadowGet = shadow + "get";
  shadowGetAccepted = shadowGet + "/accepted";
  shadowGetRejected = shadowGet + "/rejected";
  shadowUpdate = shadow + "update";
  shadowUpdateAccepted = shadowUpdate + "/accepted";
  shadowUpdateRejected = shadowUpdate + "/rejected";
  shadowDelta = shadowUpdate + "/delta";
}

}  // namespace tb
