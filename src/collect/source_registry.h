#pragma once
// The kinds of source a feed can name (`source = "…"`): how the value is recognised, the
// default schedule, checks of the kind's own keys, and the factory. Kinds are registered
// explicitly in one place (app/builtin_sources.cc); adding a kind is its source file and one
// registration line there.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace belfry {

class Source;
struct SourceConfig;

struct SourceKind {
  std::string kind;  // "http", "dir", …
  // Recognises a `source` value; sets the location (URL or path) it names.
  std::function<bool(std::string_view source, std::string* location)> match;
  std::string syntax;            // for error messages: "dir:/path"
  std::string default_schedule;  // "every 1h"
  // Checks the kind's own keys after reading; returns (key, why) on a bad one.
  std::function<std::optional<std::pair<std::string, std::string>>(SourceConfig*)> check;
  std::function<std::unique_ptr<Source>()> make;

  // A kind whose `source` values start with one of `prefixes`; the location is the value
  // itself (`keep_prefix`, URLs) or what follows the prefix (paths).
  template <class S>
  static SourceKind Prefixed(std::string kind, std::vector<std::string> prefixes, bool keep_prefix,
                             std::string syntax, std::string schedule) {
    SourceKind k;
    k.kind = std::move(kind);
    k.syntax = std::move(syntax);
    k.default_schedule = std::move(schedule);
    k.match = [prefixes, keep_prefix](std::string_view s, std::string* location) {
      for (const auto& p : prefixes) {
        if (s.rfind(p, 0) != 0) continue;
        *location = std::string(keep_prefix ? s : s.substr(p.size()));
        return true;
      }
      return false;
    };
    k.make = [] { return std::unique_ptr<Source>(new S()); };
    return k;
  }
};

class SourceRegistry {
 public:
  void Add(SourceKind kind) { kinds_.push_back(std::move(kind)); }
  // The kind whose `match` accepts `source` (first registered wins).
  const SourceKind* Match(std::string_view source, std::string* location) const;
  const SourceKind* Find(std::string_view kind) const;
  // "http(s)://…, shadowserver-api, …" for error messages.
  std::string Syntax() const;
  Result<std::unique_ptr<Source>> Make(std::string_view kind) const;

 private:
  std::vector<SourceKind> kinds_;
};

}  // namespace belfry
