#pragma once
// Helpers shared by the configuration's section readers: typed getters whose errors name the
// key and its line ("belfry.toml:12: feeds[0].schedule: …").

#include <fmt/format.h>
#include <toml++/toml.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/date_time.h"
#include "core/result.h"
#include "core/text.h"

namespace belfry::config_internal {

struct Ctx {
  const std::string& source;
  Error Bad(const toml::node& node, std::string_view key, std::string_view why) const {
    return Error::InvalidConfig(
        fmt::format("{}:{}: {}: {}", source, node.source().begin.line, key, why));
  }
  Error Bad(std::string_view key, std::string_view why) const {
    return Error::InvalidConfig(fmt::format("{}: {}: {}", source, key, why));
  }
};

inline Status CheckKeys(const Ctx& ctx, const toml::table& table, std::string_view prefix,
                        const std::set<std::string_view>& allowed) {
  for (const auto& [k, v] : table) {
    if (!allowed.count(k.str())) {
      std::string full =
          prefix.empty() ? std::string(k.str()) : fmt::format("{}.{}", prefix, k.str());
      return Fail(ctx.Bad(v, full, "unknown key"));
    }
  }
  return Ok();
}

template <class T>
inline Status Get(const Ctx& ctx, const toml::table& t, std::string_view prefix,
                  std::string_view key, T* out) {
  const toml::node* n = t.get(key);
  if (!n) return Ok();
  std::string full = prefix.empty() ? std::string(key) : fmt::format("{}.{}", prefix, key);
  if constexpr (std::is_same_v<T, std::string>) {
    if (!n->is_string()) return Fail(ctx.Bad(*n, full, "must be a string"));
    *out = n->as_string()->get();
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!n->is_boolean()) return Fail(ctx.Bad(*n, full, "must be true or false"));
    *out = n->as_boolean()->get();
  } else if constexpr (std::is_same_v<T, double>) {
    if (n->is_integer())
      *out = static_cast<double>(n->as_integer()->get());
    else if (n->is_floating_point())
      *out = n->as_floating_point()->get();
    else
      return Fail(ctx.Bad(*n, full, "must be a number"));
  } else {
    if (!n->is_integer()) return Fail(ctx.Bad(*n, full, "must be an integer"));
    int64_t v = n->as_integer()->get();
    if (v < 0) return Fail(ctx.Bad(*n, full, "must not be negative"));
    *out = static_cast<T>(v);
  }
  return Ok();
}

inline Status GetDuration(const Ctx& ctx, const toml::table& t, std::string_view prefix,
                          std::string_view key, int64_t* out) {
  const toml::node* n = t.get(key);
  if (!n) return Ok();
  std::string full = fmt::format("{}.{}", prefix, key);
  if (n->is_integer()) {
    *out = n->as_integer()->get();
    return Ok();
  }
  if (!n->is_string())
    return Fail(ctx.Bad(*n, full, "must be a duration such as \"24h\" or \"90d\""));
  auto d = ParseDurationSeconds(n->as_string()->get());
  if (!d || *d <= 0)
    return Fail(ctx.Bad(*n, full, "must be a duration such as \"24h\" or \"90d\""));
  *out = *d;
  return Ok();
}

inline Status GetStringList(const Ctx& ctx, const toml::table& t, std::string_view prefix,
                            std::string_view key, std::vector<std::string>* out) {
  const toml::node* n = t.get(key);
  if (!n) return Ok();
  std::string full = fmt::format("{}.{}", prefix, key);
  if (!n->is_array()) return Fail(ctx.Bad(*n, full, "must be a list of strings"));
  out->clear();
  for (const auto& item : *n->as_array()) {
    if (!item.is_string()) return Fail(ctx.Bad(item, full, "must be a list of strings"));
    out->push_back(item.as_string()->get());
  }
  return Ok();
}

inline Status GetChar(const Ctx& ctx, const toml::table& t, std::string_view prefix,
                      std::string_view key, char* out) {
  std::string s;
  bool present = t.get(key) != nullptr;
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, key, &s));
  if (!present) return Ok();
  if (s == "\\t") s = "\t";
  if (s.size() > 1)
    return Fail(
        ctx.Bad(*t.get(key), fmt::format("{}.{}", prefix, key), "must be a single character"));
  *out = s.empty() ? '\0' : s[0];
  return Ok();
}

}  // namespace belfry::config_internal
