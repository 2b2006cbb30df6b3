// Reading a command message {"id","name","params","ts"} (platform → device, QoS 1).
#pragma once
#include <string>

#include "json.h"

namespace tb {

struct CommandRequest {
  std::string id;
  std::string name;
  Json params = Json::object();
};

/**
 * Parses a command payload. On failure `error` says what is wrong, and `id` is filled when the payload
 * had a usable id (so the node can still answer "failed").
 */
bool parseCommandRequest(const std::string& payload, CommandRequest& out, std::string& error);

}  // namespace tb
