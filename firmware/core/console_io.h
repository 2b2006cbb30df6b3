// The serial console's byte pipe (ESP32: UART0 at 115200; host: stdin/stdout).
#pragma once
#include <string>

namespace tb {

class ConsoleIo {
 public:
  virtual ~ConsoleIo() = default;
  /** A complete input line without its line ending, if one is waiting. Never blocks. */
  virtual bool readLine(std::string& line) = 0;
  /** Writes text as is (the caller adds "\n"). */
  virtual void write(const std::string& text) = 0;
};

}  // namespace tb
