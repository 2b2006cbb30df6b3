// The serial console: one command per line, one answer per command.
//   status            one line: status id=… type=… fw=… mqtt=… (then the device's own state)
//   get KEY           KEY=VALUE
//   set KEY VALUE     ok KEY=VALUE  (settings marked "after reboot" wait for the next boot)
//   selftest          Unity output: FILE:LINE:test:PASS|FAIL: why, then "N Tests N Failures N Ignored", OK|FAIL
//   reboot            "rebooting", then the device restarts
//   version           twinbench-node <version>
//   help              the list above
// Errors start with "error: " and say what to do.
#pragma once
#include <string>
#include <vector>

#include "console_io.h"

namespace tb {

struct ConsoleLine {
  std::string verb;
  std::vector<std::string> args;
};

/**
 * Splits a line into words (spaces and tabs; "double quotes" keep spaces, \" and \\ escape inside them).
 * False with `error` for an unterminated quote; an empty line gives an empty verb.
 */
bool parseConsoleLine(const std::string& line, ConsoleLine& out, std::string& error);

/** What the console asks of the node. */
class ConsoleTarget {
 public:
  virtual ~ConsoleTarget() = default;
  virtual std::string statusLine() = 0;
  virtual bool getSetting(const std::string& key, std::string& value) = 0;
  /** Stores and applies; false with `error`. `afterReboot` when it only takes effect at the next boot. */
  virtual bool setSetting(const std::string& key, const std::string& value, bool& afterReboot, std::string& error) = 0;
  /** Runs the self-test, writing Unity lines through `out`. */
  virtual void selftest(ConsoleIo& out) = 0;
  virtual void requestReboot() = 0;
  virtual std::string versionLine() = 0;
};

class Console {
 public:
  Console(ConsoleIo& io, ConsoleTarget& target) : io_(io), target_(target) {}
  /** Answers every line waiting on the input. */
  void poll();
  /** Answers one line (exposed for tests). */
  void handle(const std::string& line);

 private:
  void reply(const std::string& text) { io_.write(text + "\n"); }
  ConsoleIo& io_;
  ConsoleTarget& target_;
};

}  // namespace tb
