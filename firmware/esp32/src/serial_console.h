// The console on UART0 (Serial, 115200 baud): collects characters into lines without blocking.
#pragma once
#include <Arduino.h>

#include "console_io.h"

namespace tb {

class SerialConsole : public ConsoleIo {
 public:
  bool readLine(std::string& line) override {
    while (Serial.available() > 0) {
      const char c = static_cast<char>(Serial.read());
      if (c == '\r') continue;
      if (c == '\n') {
        line = buffer_;
        buffer_.clear();
        return true;
      }
      if (buffer_.size() < 256) buffer_ += c;
    }
    return false;
  }
  void write(const std::string& text) override { Serial.write(reinterpret_cast<const uint8_t*>(text.data()), text.size()); }

 private:
  std::string buffer_;
};

}  // namespace tb
