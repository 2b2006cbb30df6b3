// A checker for the subset of JSON Schema (2020-12) that twin/json/schemas use: type, enum, const,
// properties, required, additionalProperties, patternProperties, items, anyOf, allOf, oneOf, not,
// if/then/else,
// minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength, maxLength, pattern, minItems,
// maxItems. A keyword it does not know fails loudly (unknownKeywords), so a schema that starts using
// one cannot pass unchecked.
#pragma once
#include <set>
#include <string>
#include <vector>

#include "../core/json.h"

namespace tb::test {

struct SchemaCheck {
  std::vector<std::string> errors;
  std::set<std::string> unknownKeywords;
  bool ok() const { return errors.empty() && unknownKeywords.empty(); }
  std::string describe() const;
};

SchemaCheck checkSchema(const Json& schema, const Json& value);

}  // namespace tb::test
