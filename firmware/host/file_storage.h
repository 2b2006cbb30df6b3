// Storage for the host node: in memory, or a JSON file (--state FILE) so settings and the boot count
// survive a reboot the way NVS does on the board. Writes go to FILE.tmp and are renamed over FILE.
#pragma once
#include <map>
#include <string>

#include "../core/storage.h"

namespace tb {

class FileStorage : public Storage {
 public:
  /** Empty path: memory only. A file that exists but is not a JSON object of strings is an error. */
  explicit FileStorage(std::string path) : path_(std::move(path)) {}
  /** Reads the file; false with `error` when it exists and cannot be used. */
  bool load(std::string& error);
  std::string get(const std::string& key, const std::string& fallback) const override;
  bool set(const std::string& key, const std::string& value) override;
  /** Everything stored, as a JSON object (handed over an exec restart when there is no file). */
  std::string snapshot() const;
  /** Loads a snapshot(); false when it is not a JSON object. */
  bool restore(const std::string& snapshot);

 private:
  std::string path_;
  std::map<std::string, std::string> values_;
};

}  // namespace tb
