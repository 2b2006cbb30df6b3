#include "command_request.h"

namespace tb {

bool parseCommandRequest(const std::string& payload, CommandRequest& out, std::string& error) {
  const Json doc = Json::parse(payload, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    error = "malformed command: not a JSON object";
    return false;
  }
  if (doc.contains("id") && doc["id"].is_string()) out.id = doc["id"].get<std::string>();
  if (out.id.empty()) {
    error = "malformed command: id must be a non-empty string";
    return false;
  }
  if (!doc.contains("name") || !doc["name"].is_string() || doc["name"].get<std::string>().empty()) {
    error = "malformed command: name must be a non-empty string";
    return false;
  }
  out.name = doc["name"].get<std::string>();
  if (doc.contains("params")) {
    if (!doc["params"].is_object()) {
      error = "malformed command: params must be an object";
      return false;
    }
    out.params = doc["params"];
  }
  return true;
}

}  // namespace tb
