#include "messages.h"

namespace tb {

Json telemetryMessage(uint64_t seq, uint64_t tsMs, uint64_t sentMs, const Json& fields) {
  Json m = Json::object();
  if (tsMs > 0) m["ts"] = tsMs;
  m["seq"] = seq;
  if (sentMs > 0) m["sent"] = sentMs;
  m["fields"] = fields.is_object() ? fields : Json::object();
  return m;
}

Json birthMessage(const std::string& type, const std::string& fwVersion, uint64_t tsMs) {
  Json m = {{"online", true}, {"type", type}, {"fw_version", fwVersion}};
  if (tsMs > 0) m["ts"] = tsMs;
  return m;
}

Json offlineMessage(const std::string& type, const std::string& fwVersion, const std::string& reason) {
  return Json{{"online", false}, {"type", type}, {"fw_version", fwVersion}, {"reason", reason}};
}

Json commandResponse(const std::string& id, const char* status, const Json& result, const std::string& error,
                     uint64_t tsMs) {
  Json m = {{"id", id}, {"status", status}};
  if (!result.is_null()) m["result"] = result;
  if (!error.empty()) m["error"] = error;
  if (tsMs > 0) m["ts"] = tsMs;
  return m;
}

Json reportedUpdate(const Json& reported, const std::string& clientToken) {
  return Json{{"state", {{"reported", reported}}}, {"clientToken", clientToken}};
}

}  // namespace tb
