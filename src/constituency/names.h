#pragma once
// How constituency data spells things: AS numbers ("AS64500" or "64500"), domains ("*.example.be"
// → "example.be"), handles and country codes (upper case). Shared by the importers, the
// index and the CLI so that one spelling is accepted everywhere.

#include <optional>
#include <string>
#include <string_view>

#include "core/text.h"

namespace belfry {

inline std::optional<int64_t> ParseAsnText(std::string_view s) {
  s = TrimAscii(s);
  if (s.size() > 2 && (s[0] == 'A' || s[0] == 'a') && (s[1] == 'S' || s[1] == 's')) {
    s.remove_prefix(2);
  }
  auto v = ParseInt64(s);
  if (!v || *v <= 0 || *v > 4294967295LL) return std::nullopt;
  return v;
}

inline std::string AsciiUpperCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// Lower case, without a leading "*." or dots at either end.
inline std::string NormalizeDomain(std::string_view d) {
  d = TrimAscii(d);
  if (d.rfind("*.", 0) == 0) d.remove_prefix(2);
  while (!d.empty() && d.front() == '.') d.remove_prefix(1);
  while (!d.empty() && d.back() == '.') d.remove_suffix(1);
  return AsciiLowerCopy(d);
}

}  // namespace belfry
