#include "json_schema.h"

#include <cmath>
#include <regex>

namespace tb::test {

namespace {

const std::set<std::string> kAnnotations = {"$schema", "$id", "title", "description", "$comment", "examples",
                                            "default", "deprecated", "readOnly", "writeOnly"};

bool hasType(const Json& v, const std::string& t) {
  if (t == "object") return v.is_object();
  if (t == "array") return v.is_array();
  if (t == "string") return v.is_string();
  if (t == "boolean") return v.is_boolean();
  if (t == "null") return v.is_null();
  if (t == "number") return v.is_number();
  if (t == "integer")
    return v.is_number_integer() || (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>());
  return false;
}

/** Length in Unicode code points (JSON Schema counts characters, not bytes). */
size_t codePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) n++;
  return n;
}

void check(const Json& schema, const Json& v, const std::string& path, SchemaCheck& out);

void checkAll(const Json& schema, const Json& v, const std::string& path, SchemaCheck& out) {
  if (schema.is_boolean()) {
    if (!schema.get<bool>()) out.errors.push_back(path + ": not allowed here");
    return;
  }
  if (!schema.is_object()) {
    out.errors.push_back(path + ": schema is not an object");
    return;
  }
  check(schema, v, path, out);
}

bool passes(const Json& schema, const Json& v, SchemaCheck& parent) {
  SchemaCheck sub;
  checkAll(schema, v, "", sub);
  parent.unknownKeywords.insert(sub.unknownKeywords.begin(), sub.unknownKeywords.end());
  return sub.errors.empty();
}

void check(const Json& s, const Json& v, const std::string& path, SchemaCheck& out) {
  for (auto it = s.begin(); it != s.end(); ++it) {
    const std::string& k = it.key();
    const Json& a = it.value();
    if (kAnnotations.count(k)) continue;
    if (k == "type") {
      bool ok = false;
      if (a.is_string()) ok = hasType(v, a.get<std::string>());
      else
        for (const auto& t : a) ok = ok || hasType(v, t.get<std::string>());
      if (!ok) out.errors.push_back(path + ": " + v.dump() + " is not of type " + a.dump());
    } else if (k == "enum") {
      bool ok = false;
      for (const auto& e : a) ok = ok || e == v;
      if (!ok) out.errors.push_back(path + ": " + v.dump() + " is not one of " + a.dump());
    } else if (k == "const") {
      if (a != v) out.errors.push_back(path + ": " + v.dump() + " is not " + a.dump());
    } else if (k == "minimum" || k == "maximum" || k == "exclusiveMinimum" || k == "exclusiveMaximum") {
      if (!v.is_number()) continue;
      const double x = v.get<double>(), b = a.get<double>();
      const bool ok = k == "minimum" ? x >= b : k == "maximum" ? x <= b : k == "exclusiveMinimum" ? x > b : x < b;
      if (!ok) out.errors.push_back(path + ": " + v.dump() + " violates " + k + " " + a.dump());
    } else if (k == "minLength" || k == "maxLength") {
      if (!v.is_string()) continue;
      const size_t n = codePoints(v.get<std::string>());
      if (k == "minLength" ? n < a.get<size_t>() : n > a.get<size_t>())
        out.errors.push_back(path + ": length " + std::to_string(n) + " violates " + k + " " + a.dump());
    } else if (k == "pattern") {
      if (v.is_string() && !std::regex_search(v.get<std::string>(), std::regex(a.get<std::string>(), std::regex::ECMAScript)))
        out.errors.push_back(path + ": " + v.dump() + " does not match " + a.dump());
    } else if (k == "required") {
      if (!v.is_object()) continue;
      for (const auto& r : a)
        if (!v.contains(r.get<std::string>())) out.errors.push_back(path + ": missing " + r.get<std::string>());
    } else if (k == "properties" || k == "patternProperties" || k == "additionalProperties") {
      if (!v.is_object() || k != "properties") continue;  // all three are handled together below
    } else if (k == "items") {
      if (!v.is_array()) continue;
      for (size_t i = 0; i < v.size(); i++) checkAll(a, v[i], path + "/" + std::to_string(i), out);
    } else if (k == "minItems" || k == "maxItems") {
      if (v.is_array() && (k == "minItems" ? v.size() < a.get<size_t>() : v.size() > a.get<size_t>()))
        out.errors.push_back(path + ": " + std::to_string(v.size()) + " items violates " + k + " " + a.dump());
    } else if (k == "anyOf" || k == "oneOf") {
      int passing = 0;
      for (const auto& sub : a) passing += passes(sub, v, out) ? 1 : 0;
      if (passing == 0 || (k == "oneOf" && passing > 1))
        out.errors.push_back(path + ": " + v.dump().substr(0, 120) + " matches " + std::to_string(passing) + " of " + k);
    } else if (k == "allOf") {
      for (const auto& sub : a) checkAll(sub, v, path, out);
    } else if (k == "if") {
      const bool cond = passes(a, v, out);
      if (cond && s.contains("then")) checkAll(s["then"], v, path, out);
      if (!cond && s.contains("else")) checkAll(s["else"], v, path, out);
    } else if (k == "then" || k == "else") {
      continue;  // applied with "if"
    } else if (k == "not") {
      if (passes(a, v, out)) out.errors.push_back(path + ": matches a schema it must not");
    } else {
      out.unknownKeywords.insert(k);
    }
  }
  if (!v.is_object()) return;
  const Json* props = s.contains("properties") ? &s["properties"] : nullptr;
  const Json* patterns = s.contains("patternProperties") ? &s["patternProperties"] : nullptr;
  const Json* additional = s.contains("additionalProperties") ? &s["additionalProperties"] : nullptr;
  for (auto it = v.begin(); it != v.end(); ++it) {
    const std::string child = path + "/" + it.key();
    bool matched = false;
    if (props && props->contains(it.key())) {
      matched = true;
      checkAll((*props)[it.key()], it.value(), child, out);
    }
    if (patterns)
      for (auto p = patterns->begin(); p != patterns->end(); ++p)
        if (std::regex_search(it.key(), std::regex(p.key(), std::regex::ECMAScript))) {
          matched = true;
          checkAll(p.value(), it.value(), child, out);
        }
    if (!matched && additional) {
      if (additional->is_boolean() && !additional->get<bool>()) out.errors.push_back(child + ": not allowed");
      else if (additional->is_object()) checkAll(*additional, it.value(), child, out);
    }
  }
}

}  // namespace

std::string SchemaCheck::describe() const {
  std::string s;
  for (const auto& e : errors) s += e + "; ";
  for (const auto& k : unknownKeywords) s += "unknown keyword " + k + " (teach test/json_schema.cpp); ";
  return s;
}

SchemaCheck checkSchema(const Json& schema, const Json& value) {
  SchemaCheck out;
  checkAll(schema, value, "", out);
  return out;
}

}  // namespace tb::test
