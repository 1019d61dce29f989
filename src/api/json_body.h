#pragma once
// A request's JSON body, read strictly: an object, known keys only, types checked, every
// problem named by its key (400 invalid). simdjson underneath.

#include <simdjson.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace belfry {

class JsonBody {
 public:
  // Fails for a body that is not a JSON object or holds a key outside `allowed`.
  static Result<std::unique_ptr<JsonBody>> Parse(std::string_view body,
                                                 std::initializer_list<std::string_view> allowed);

  bool Has(std::string_view key) const;
  Result<std::optional<std::string>> Str(std::string_view key) const;
  Result<std::optional<int64_t>> Int(std::string_view key) const;
  Result<std::optional<bool>> Bool(std::string_view key) const;
  Result<std::vector<int64_t>> IntList(std::string_view key) const;
  // A value of any type as text (strings as they are, numbers and booleans as JSON).
  Result<std::optional<std::string>> Text(std::string_view key) const;
  std::vector<std::string> Keys() const;

 private:
  simdjson::dom::parser parser_;
  simdjson::dom::object object_;
};

}  // namespace belfry
