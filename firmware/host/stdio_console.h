// The console on stdin/stdout: a reader thread collects lines, the node's loop takes them.
// When the host node runs as the emulated ESP32's app, these are the board's UART.
#pragma once
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "../core/console_io.h"

namespace tb {

class StdioConsole : public ConsoleIo {
 public:
  StdioConsole();
  ~StdioConsole() override;
  bool readLine(std::string& line) override;
  void write(const std::string& text) override;

 private:
  std::mutex mutex_;
  std::deque<std::string> lines_;
  std::thread reader_;
};

}  // namespace tb
