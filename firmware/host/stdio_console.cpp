#include "stdio_console.h"

#include <cstdio>
#include <iostream>

namespace tb {

StdioConsole::StdioConsole() {
  reader_ = std::thread([this] {
    std::string line;
    while (std::getline(std::cin, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::lock_guard<std::mutex> lock(mutex_);
      lines_.push_back(line);
    }
  });
  reader_.detach();  // blocked in read(2) until EOF; the process may end before that
}

StdioConsole::~StdioConsole() = default;

bool StdioConsole::readLine(std::string& line) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (lines_.empty()) return false;
  line = std::move(lines_.front());
  lines_.pop_front();
  return true;
}

void StdioConsole::write(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace tb
