#include "file_storage.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "../core/json.h"

namespace tb {

bool FileStorage::load(std::string& error) {
  if (path_.empty()) return true;
  std::ifstream in(path_);
  if (!in) return true;  // first boot: nothing stored yet
  std::stringstream text;
  text << in.rdbuf();
  const Json doc = Json::parse(text.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    error = "state file " + path_ + " is not a JSON object: delete it to start from factory settings";
    return false;
  }
  for (auto it = doc.begin(); it != doc.end(); ++it)
    values_[it.key()] = it.value().is_string() ? it.value().get<std::string>() : it.value().dump();
  return true;
}

std::string FileStorage::snapshot() const { return Json(values_).dump(); }

bool FileStorage::restore(const std::string& snapshot) {
  const Json doc = Json::parse(snapshot, nullptr, false);
  if (!doc.is_object()) return false;
  for (auto it = doc.begin(); it != doc.end(); ++it)
    if (it.value().is_string()) values_[it.key()] = it.value().get<std::string>();
  return true;
}

std::string FileStorage::get(const std::string& key, const std::string& fallback) const {
  const auto it = values_.find(key);
  return it == values_.end() ? fallback : it->second;
}

bool FileStorage::set(const std::string& key, const std::string& value) {
  values_[key] = value;
  if (path_.empty()) return true;
  const std::string tmp = path_ + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) return false;
    out << Json(values_).dump(1) << "\n";
    if (!out) return false;
  }
  return std::rename(tmp.c_str(), path_.c_str()) == 0;
}

}  // namespace tb
