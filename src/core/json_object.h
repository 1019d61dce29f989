#pragma once
// One JSON object written member by member, in the order given: the `--json` output of the
// CLI verbs ({"key": value, "key2": value}).

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"

namespace belfry {

class JsonObject {
 public:
  JsonObject& Str(std::string_view key, std::string_view value) {
    Key(key);
    AppendJsonString(value, &out_);
    return *this;
  }
  // An empty string is written as null.
  JsonObject& StrOrNull(std::string_view key, std::string_view value) {
    return value.empty() ? Raw(key, "null") : Str(key, value);
  }
  JsonObject& Int(std::string_view key, int64_t value) { return Raw(key, std::to_string(value)); }
  JsonObject& Bool(std::string_view key, bool value) { return Raw(key, value ? "true" : "false"); }
  // A value that is already JSON: a formatted number, an array.
  JsonObject& Raw(std::string_view key, std::string_view json) {
    Key(key);
    out_ += json;
    return *this;
  }
  std::string Done() { return out_ + "}"; }

 private:
  void Key(std::string_view key) {
    out_ += out_.size() > 1 ? ", " : "";
    AppendJsonString(key, &out_);
    out_ += ": ";
  }
  std::string out_ = "{";
};

// ["a", "b"]: a list of strings as a JSON array.
inline std::string JsonStringArray(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ", ";
    AppendJsonString(v[i], &out);
  }
  return out + "]";
}

}  // namespace belfry
