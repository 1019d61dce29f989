#pragma once
// Small text helpers used on hot paths (no locale, ASCII only where it says so).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace belfry {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Trims ASCII whitespace (space, \t, \r, \n, \v, \f) on both sides.
std::string_view TrimAscii(std::string_view s);

inline char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
inline char AsciiUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }
std::string AsciiLowerCopy(std::string_view s);
std::string AsciiUpperCopy(std::string_view s);
// & < > " ' as entities: text safe in HTML and XML, in elements and quoted attributes.
std::string EscapeHtml(std::string_view text);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);

// Python-compatible int(): optional surrounding whitespace, optional sign, decimal digits.
std::optional<int64_t> ParseInt64(std::string_view s);
// True when `s` is an integer written the way it would be printed back ("0", "-17",
// "8080": digits, no sign but '-', no leading zero, at most 18 digits), so that converting
// it and formatting it again would give the same text.
inline bool IsCanonicalInteger(std::string_view s) {
  bool negative = !s.empty() && s.front() == '-';
  if (negative) s.remove_prefix(1);
  if (s.empty() || s.size() > 18 || (s.front() == '0' && (s.size() > 1 || negative))) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Python-compatible float() for the common spellings (no hex floats).
std::optional<double> ParseDouble(std::string_view s);
// Formats a double as Python's repr() does for the values feeds carry (100.0, 0.5, 1e+20).
std::string FormatDouble(double v);

// Appends `s` as a JSON string literal (with quotes), escaping per RFC 8259.
// Invalid UTF-8 bytes are replaced by U+FFFD so the output is always valid JSON.
void AppendJsonString(std::string_view s, std::string* out);

// Parses a duration such as "90d", "24h", "30m", "45s", "13mo" (months = 30 days) or plain
// seconds. Returns seconds.
std::optional<int64_t> ParseDurationSeconds(std::string_view s);

}  // namespace belfry
