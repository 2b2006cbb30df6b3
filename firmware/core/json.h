// JSON for the core: nlohmann/json (Debian's nlohmann-json3-dev on the host; the PlatformIO library
// johboh/nlohmann-json on the ESP32). The core parses without exceptions (parse(..., nullptr, false)).
#pragma once
#include <nlohmann/json.hpp>

namespace tb {
using Json = nlohmann::json;
}  // namespace tb
