// The firmware's identity. The build sets TB_FW_VERSION from firmware/VERSION (CMake and platformio.ini).
#pragma once

#ifndef TB_FW_VERSION
#define TB_FW_VERSION "0.0.0-dev"
#endif

namespace tb {

/** Project name: the ESP32 app descriptor's project_name and the host program's name. */
constexpr const char* kProjectName = "twinbench-node";
constexpr const char* kFirmwareVersion = TB_FW_VERSION;

}  // namespace tb
