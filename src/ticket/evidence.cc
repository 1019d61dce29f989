#include "ticket/evidence.h"

#include <cctype>

#include "core/date_time.h"
#include "core/text.h"

namespace belfry {
namespace {

bool Digit(char c) { return c >= '0' && c <= '9'; }

bool Digits(std::string_view s, size_t at, size_t n) {
  if (at + n > s.size()) return false;
  for (size_t i = 0; i < n; ++i)
    if (!Digit(s[at + i])) return false;
  return true;
}

int Month(std::string_view m) {
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  for (int i = 0; i < 12; ++i)
    if (EqualsIgnoreCase(m, kMonths[i])) return i + 1;
  return 0;
}

bool IsSecretEnd(char c) {
  return c == ' ' || c == '\t' || c == '&' || c == ';' || c == ',' || c == '"' || c == '\'' ||
         c == '\r' || c == '\n';
}

}  // namespace

std::string MaskCredentials(std::string_view line) {
  std::string out(line);
  // URL userinfo: scheme://user:secret@host
  for (size_t p = out.find("://"); p != std::string::npos; p = out.find("://", p + 3)) {
    size_t start = p + 3;
    size_t end = out.find_first_of("/ \t\"'<>", start);
    if (end == std::string::npos) end = out.size();
    size_t at = out.rfind('@', end);
    if (at == std::string::npos || at < start) continue;
    size_t colon = out.find(':', start);
    if (colon == std::string::npos || colon > at) continue;
    out.replace(colon + 1, at - colon - 1, "****");
  }
  // key=value and key: value for the usual credential keys.
  static constexpr std::string_view kKeys[] = {"password", "passwd", "pass", "pwd", "secret",
                                               "token", "apikey", "api_key", "authorization"};
  std::string lower = AsciiLowerCopy(out);
  for (std::string_view key : kKeys) {
    size_t p = 0;
    while ((p = lower.find(key, p)) != std::string::npos) {
      size_t q = p + key.size();
      // Whole key only: "passage" is not "pass".
      bool left_ok = p == 0 || !std::isalnum(static_cast<unsigned char>(lower[p - 1]));
      size_t sep = q;
      while (sep < lower.size() && lower[sep] == ' ') ++sep;
      bool sep_ok = sep < lower.size() && (lower[sep] == '=' || lower[sep] == ':');
      if (!left_ok || !sep_ok) {
        p = q;
        continue;
      }
      size_t v = sep + 1;
      while (v < out.size() && out[v] == ' ') ++v;
      if (key == "authorization") {
        size_t end = out.find_first_of("\r\n", v);
        if (end == std::string::npos) end = out.size();
        out.replace(v, end - v, "****");
      } else {
        size_t end = v;
        if (end < out.size() && (out[end] == '"' || out[end] == '\'')) {
          char quote = out[end];
          size_t close = out.find(quote, end + 1);
          end = close == std::string::npos ? out.size() : close + 1;
        } else {
          while (end < out.size() && !IsSecretEnd(out[end])) ++end;
        }
        if (end > v) out.replace(v, end - v, "****");
      }
      lower = AsciiLowerCopy(out);
      p = v + 4;
    }
  }
  return out;
}

std::optional<int64_t> FindTimestamp(std::string_view s, int64_t now) {
  for (size_t i = 0; i < s.size(); ++i) {
    // ISO 8601: 2026-11-22T10:00:00[.f][Z|+hh:mm] or with a space.
    if (Digits(s, i, 4) && i + 10 <= s.size() && s[i + 4] == '-' && Digits(s, i + 5, 2) &&
        s[i + 7] == '-' && Digits(s, i + 8, 2) && (i == 0 || !Digit(s[i - 1]))) {
      size_t end = i + 10;
      if (end + 6 <= s.size() && (s[end] == 'T' || s[end] == ' ') && Digits(s, end + 1, 2) &&
          s[end + 3] == ':' && Digits(s, end + 4, 2)) {
        end += 6;
        if (end + 3 <= s.size() && s[end] == ':' && Digits(s, end + 1, 2)) end += 3;
        if (end < s.size() && s[end] == '.') {
          ++end;
          while (end < s.size() && Digit(s[end])) ++end;
        }
        if (end < s.size() && (s[end] == 'Z' || s[end] == 'z')) {
          ++end;
        } else if (end + 6 <= s.size() && (s[end] == '+' || s[end] == '-') &&
                   Digits(s, end + 1, 2) && s[end + 3] == ':' && Digits(s, end + 4, 2)) {
          end += 6;
        } else if (end + 4 <= s.size() && s.substr(end, 4) == " UTC") {
          end += 4;
        }
      }
      auto t = ParseDateTimeMicros(s.substr(i, end - i));
      if (t) return *t / 1000000;
    }
    // Apache: 22/Nov/2026:10:00:00 +0100
    if (Digits(s, i, 2) && i + 20 <= s.size() && s[i + 2] == '/' && s[i + 6] == '/' &&
        Digits(s, i + 7, 4) && s[i + 11] == ':' && Digits(s, i + 12, 2) && s[i + 14] == ':' &&
        Digits(s, i + 15, 2) && s[i + 17] == ':' && Digits(s, i + 18, 2)) {
      int month = Month(s.substr(i + 3, 3));
      if (month) {
        int64_t day = (s[i] - '0') * 10 + (s[i + 1] - '0');
        int64_t year = *ParseInt64(s.substr(i + 7, 4));
        int64_t secs = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
                       *ParseInt64(s.substr(i + 12, 2)) * 3600 +
                       *ParseInt64(s.substr(i + 15, 2)) * 60 + *ParseInt64(s.substr(i + 18, 2));
        if (i + 26 <= s.size() && s[i + 20] == ' ' && (s[i + 21] == '+' || s[i + 21] == '-') &&
            Digits(s, i + 22, 4)) {
          int64_t off = *ParseInt64(s.substr(i + 22, 2)) * 3600 + *ParseInt64(s.substr(i + 24, 2)) * 60;
          secs -= s[i + 21] == '+' ? off : -off;
        }
        return secs;
      }
    }
    // Syslog: "Nov 22 10:00:00" (no year).
    if (i + 15 <= s.size() && std::isupper(static_cast<unsigned char>(s[i])) &&
        (i == 0 || !std::isalpha(static_cast<unsigned char>(s[i - 1]))) && s[i + 3] == ' ') {
      int month = Month(s.substr(i, 3));
      if (month && (s[i + 4] == ' ' || Digit(s[i + 4])) && Digit(s[i + 5]) && s[i + 6] == ' ' &&
          Digits(s, i + 7, 2) && s[i + 9] == ':' && Digits(s, i + 10, 2) && s[i + 12] == ':' &&
          Digits(s, i + 13, 2)) {
        int64_t day = (s[i + 4] == ' ' ? 0 : (s[i + 4] - '0') * 10) + (s[i + 5] - '0');
        int64_t tod = *ParseInt64(s.substr(i + 7, 2)) * 3600 + *ParseInt64(s.substr(i + 10, 2)) * 60 +
                      *ParseInt64(s.substr(i + 13, 2));
        int64_t year = 1970 + now / (365 * 86400 + 21600);
        for (int64_t y = year + 1; y > year - 3; --y) {
          int64_t t = DaysFromCivil(y, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 + tod;
          if (t <= now + 86400) return t;
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace belfry
