#include "console.h"

namespace tb {

bool parseConsoleLine(const std::string& line, ConsoleLine& out, std::string& error) {
  std::vector<std::string> words;
  std::string word;
  bool inWord = false, quoted = false;
  for (size_t i = 0; i < line.size(); i++) {
    const char c = line[i];
    if (quoted) {
      if (c == '\\' && i + 1 < line.size() && (line[i + 1] == '"' || line[i + 1] == '\\')) word += line[++i];
      else if (c == '"') quoted = false;
      else word += c;
    } else if (c == '"') {
      quoted = inWord = true;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (inWord) words.push_back(word);
      word.clear();
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quoted) {
    error = "unterminated quote: close it with \"";
    return false;
  }
  if (inWord) words.push_back(word);
  out.verb = words.empty() ? "" : words.front();
  out.args.assign(words.empty() ? words.end() : words.begin() + 1, words.end());
  return true;
}

static const char* kHelp =
    "commands: status, get KEY, set KEY VALUE, selftest, reboot, version, help";

void Console::poll() {
  std::string line;
  while (io_.readLine(line)) handle(line);
}

void Console::handle(const std::string& line) {
  ConsoleLine cmd;
  std::string error;
  if (!parseConsoleLine(line, cmd, error)) return reply("error: " + error);
  const std::string& v = cmd.verb;
  const size_t n = cmd.args.size();
  if (v.empty()) return;
  if (v == "status" && n == 0) return reply(target_.statusLine());
  if (v == "version" && n == 0) return reply(target_.versionLine());
  if (v == "help" && n == 0) return reply(kHelp);
  if (v == "get") {
    if (n != 1) return reply("error: usage: get KEY");
    std::string value;
    if (!target_.getSetting(cmd.args[0], value))
      return reply("error: unknown key '" + cmd.args[0] + "'; `get` takes a key that `set` lists");
    return reply(cmd.args[0] + "=" + value);
  }
  if (v == "set") {
    if (n != 2) return reply("error: usage: set KEY VALUE (quote a value with spaces: \"my wifi\")");
    bool afterReboot = false;
    if (!target_.setSetting(cmd.args[0], cmd.args[1], afterReboot, error)) return reply("error: " + error);
    std::string value;
    target_.getSetting(cmd.args[0], value);
    return reply("ok " + cmd.args[0] + "=" + value + (afterReboot ? " (takes effect after reboot)" : ""));
  }
  if (v == "selftest" && n == 0) return target_.selftest(io_);
  if (v == "reboot" && n == 0) {
    reply("rebooting");
    return target_.requestReboot();
  }
  if (v == "status" || v == "version" || v == "help" || v == "selftest" || v == "reboot")
    return reply("error: '" + v + "' takes no arguments");
  reply("error: unknown command '" + v + "'; " + kHelp);
}

}  // namespace tb
