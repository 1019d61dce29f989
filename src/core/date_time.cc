#include "core/date_time.h"

#include <optional>

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <array>
#include <cmath>
#include <cstring>
#include <ctime>

#include "core/text.h"

namespace belfry {
namespace {

constexpr int64_t kMicrosPerSecond = 1000000;

struct Cursor {
  std::string_view s;
  size_t i = 0;
  bool done() const { return i >= s.size(); }
  char peek() const { return i < s.size() ? s[i] : '\0'; }
  bool eat(char c) {
    if (peek() == c) {
      ++i;
      return true;
    }
    return false;
  }
  void skip_spaces() {
    while (peek() == ' ' || peek() == '\t') ++i;
  }
  // Reads exactly n digits.
  bool digits(int n, int64_t* out) {
    int64_t v = 0;
    for (int k = 0; k < n; ++k) {
      char c = peek();
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
      ++i;
    }
    *out = v;
    return true;
  }
  // Reads 1..max digits.
  int some_digits(int max, int64_t* out) {
    int64_t v = 0;
    int n = 0;
    while (n < max && peek() >= '0' && peek() <= '9') {
      v = v * 10 + (peek() - '0');
      ++i;
      ++n;
    }
    *out = v;
    return n;
  }
};

int MonthFromName(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return 0;
  for (size_t m = 0; m < 12; ++m)
    if (EqualsIgnoreCase(name.substr(0, 3), kMonths[m])) return static_cast<int>(m) + 1;
  return 0;
}

bool ValidDate(int64_t y, int64_t m, int64_t d) {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max = kDays[m - 1] + ((m == 2 && leap) ? 1 : 0);
  return d <= max;
}

// Parses HH:MM[:SS[.frac]] into seconds-of-day and microseconds.
bool ParseClock(Cursor& c, int64_t* seconds, int64_t* micros) {
  int64_t hh, mm, ss = 0;
  if (!c.digits(2, &hh)) return false;
  bool colon = c.eat(':');
  if (!c.digits(2, &mm)) return false;
  if ((colon && c.eat(':')) || (!colon && c.peek() >= '0' && c.peek() <= '9')) {
    if (!c.digits(2, &ss)) return false;
  }
  *micros = 0;
  if (c.peek() == '.' || c.peek() == ',') {
    ++c.i;
    int64_t frac = 0;
    int n = 0;
    while (c.peek() >= '0' && c.peek() <= '9') {
      if (n < 6) {
        frac = frac * 10 + (c.peek() - '0');
        ++n;
      }
      ++c.i;
    }
    if (n == 0) return false;
    while (n < 6) {
      frac *= 10;
      ++n;
    }
    *micros = frac;
  }
  if (hh > 24 || mm > 59 || ss > 60) return false;
  if (hh == 24 && (mm != 0 || ss != 0 || *micros != 0)) return false;
  if (ss == 60) ss = 59;  // leap second: clamp as Python's dateutil does not accept it either
  *seconds = hh * 3600 + mm * 60 + ss;
  return true;
}

// Parses an optional zone: Z, UTC, GMT, UT, +HH[:MM], -HHMM. Returns offset in seconds.
bool ParseZone(Cursor& c, int64_t* offset) {
  *offset = 0;
  c.skip_spaces();
  if (c.done()) return true;
  std::string_view rest = c.s.substr(c.i);
  if (rest == "Z" || rest == "z" || EqualsIgnoreCase(rest, "UTC") ||
      EqualsIgnoreCase(rest, "GMT") || EqualsIgnoreCase(rest, "UT")) {
    c.i = c.s.size();
    return true;
  }
  // "UTC+01:00" / "GMT+0100"
  if (StartsWithIgnoreCase(rest, "UTC") || StartsWithIgnoreCase(rest, "GMT")) c.i += 3;
  char sign = c.peek();
  if (sign != '+' && sign != '-') return false;
  ++c.i;
  int64_t hh, mm = 0;
  if (!c.digits(2, &hh)) return false;
  bool colon = c.eat(':');
  if (!c.done() || colon) {
    if (!c.digits(2, &mm)) return false;
  }
  c.skip_spaces();
  // Tolerate a trailing zone abbreviation in parentheses: "+0000 (UTC)".
  if (c.peek() == '(') {
    size_t close = c.s.find(')', c.i);
    if (close == std::string_view::npos) return false;
    c.i = close + 1;
  }
  if (!c.done() || hh > 23 || mm > 59) return false;
  *offset = (hh * 3600 + mm * 60) * (sign == '-' ? -1 : 1);
  return true;
}

Result<int64_t> Assemble(int64_t y, int64_t mo, int64_t d, int64_t secs, int64_t micros,
                         int64_t offset, std::string_view text) {
  if (!ValidDate(y, mo, d))
    return Fail(Error::InvalidInput(fmt::format("invalid date in '{}'", text)));
  int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return (days * 86400 + secs - offset) * kMicrosPerSecond + micros;
}

Result<int64_t> ParseIsoLike(Cursor& c, std::string_view text) {
  int64_t y, mo, d;
  if (!c.digits(4, &y)) return Fail(Error::InvalidInput("no year"));
  bool dash = c.eat('-');
  if (!dash && c.peek() == '/') {
    ++c.i;
    dash = true;
  }
  if (!c.digits(2, &mo)) return Fail(Error::InvalidInput("no month"));
  if (dash && !(c.eat('-') || c.eat('/'))) return Fail(Error::InvalidInput("bad date separator"));
  if (!c.digits(2, &d)) return Fail(Error::InvalidInput("no day"));
  int64_t secs = 0, micros = 0, offset = 0;
  if (c.peek() == 'T' || c.peek() == 't' || c.peek() == ' ' || c.peek() == '_') {
    size_t save = c.i;
    ++c.i;
    c.skip_spaces();
    if (!ParseClock(c, &secs, &micros)) {
      c.i = save;
      secs = 0;
    }
  }
  if (!ParseZone(c, &offset)) return Fail(Error::InvalidInput("unrecognised time zone"));
  return Assemble(y, mo, d, secs, micros, offset, text);
}

// RFC 2822: [Wdy,] DD Mon YYYY HH:MM[:SS] zone   or asctime-like "Mon DD YYYY HH:MM:SS".
Result<int64_t> ParseRfc2822(Cursor& c, std::string_view text) {
  c.skip_spaces();
  // Optional weekday.
  size_t comma = c.s.find(',', c.i);
  if (comma != std::string_view::npos && comma - c.i <= 9) {
    c.i = comma + 1;
    c.skip_spaces();
  }
  int64_t d = 0, y = 0;
  int mo = 0;
  auto read_word = [&]() {
    size_t start = c.i;
    while (!c.done() && c.peek() != ' ' && c.peek() != '-') ++c.i;
    return c.s.substr(start, c.i - start);
  };
  if (c.peek() >= '0' && c.peek() <= '9') {
    if (c.some_digits(2, &d) == 0) return Fail(Error::InvalidInput("no day"));
    c.eat('-');
    c.skip_spaces();
    mo = MonthFromName(read_word());
    c.eat('-');
  } else {
    mo = MonthFromName(read_word());
    c.skip_spaces();
    if (c.some_digits(2, &d) == 0) return Fail(Error::InvalidInput("no day"));
    c.eat(',');
  }
  if (mo == 0) return Fail(Error::InvalidInput("no month"));
  c.skip_spaces();
  int n = c.some_digits(4, &y);
  if (n == 2)
    y += (y < 70) ? 2000 : 1900;
  else if (n != 4)
    return Fail(Error::InvalidInput("no year"));
  int64_t secs = 0, micros = 0, offset = 0;
  c.skip_spaces();
  if (!c.done() && !ParseClock(c, &secs, &micros)) return Fail(Error::InvalidInput("bad time"));
  if (!ParseZone(c, &offset)) return Fail(Error::InvalidInput("unrecognised time zone"));
  return Assemble(y, mo, d, secs, micros, offset, text);
}

}  // namespace

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

namespace {

// The two forms nearly every value has — Shadowserver's "YYYY-MM-DD HH:MM:SS" and the
// normalised "YYYY-MM-DDTHH:MM:SS+00:00" (also with "Z") — without the general parser's
// cursor. Anything else, or any out-of-range part, goes the general way.
std::optional<int64_t> ParseCommonForm(std::string_view t) {
  const size_t n = t.size();
  if (n != 19 && !(n == 20 && t[19] == 'Z') && !(n == 25 && t.substr(19) == "+00:00"))
    return std::nullopt;
  if (t[4] != '-' || t[7] != '-' || (t[10] != ' ' && t[10] != 'T') || t[13] != ':' ||
      t[16] != ':')
    return std::nullopt;
  int64_t v[6];
  static constexpr int kStart[6] = {0, 5, 8, 11, 14, 17};
  for (int f = 0; f < 6; ++f) {
    const int len = f == 0 ? 4 : 2;
    int64_t x = 0;
    for (int k = 0; k < len; ++k) {
      const char ch = t[static_cast<size_t>(kStart[f] + k)];
      if (ch < '0' || ch > '9') return std::nullopt;
      x = x * 10 + (ch - '0');
    }
    v[f] = x;
  }
  if (v[3] > 23 || v[4] > 59 || v[5] > 59 || !ValidDate(v[0], v[1], v[2])) return std::nullopt;
  const int64_t days = DaysFromCivil(v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2]));
  return (days * 86400 + v[3] * 3600 + v[4] * 60 + v[5]) * kMicrosPerSecond;
}

}  // namespace

Result<int64_t> ParseDateTimeMicros(std::string_view text) {
  std::string_view t = TrimAscii(text);
  if (t.empty()) return Fail(Error::InvalidInput("empty date-time"));
  if (auto fast = ParseCommonForm(t)) return *fast;
  Cursor c{t};
  bool iso = t.size() >= 8 && t[0] >= '0' && t[0] <= '9' && t[1] >= '0' && t[1] <= '9' &&
             t[2] >= '0' && t[2] <= '9' && t[3] >= '0' && t[3] <= '9';
  auto r = iso ? ParseIsoLike(c, t) : ParseRfc2822(c, t);
  if (!r)
    return Fail(
        Error::InvalidInput(fmt::format("not a date-time: '{}' ({})", t, r.error().message())));
  return r;
}

void AppendIsoUtc(int64_t micros, std::string* out) {
  int64_t secs = micros >= 0 ? micros / kMicrosPerSecond
                             : -((-micros + kMicrosPerSecond - 1) / kMicrosPerSecond);
  int64_t frac = micros - secs * kMicrosPerSecond;
  int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  int64_t sod = secs - days * 86400;
  // civil_from_days
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += (m <= 2);
  if (y < 0 || y > 9999) {
    out->append(fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+00:00", y, m, d, sod / 3600,
                            sod / 60 % 60, sod % 60));
    return;
  }
  // Hand-formatted: this runs for every event.
  char buf[32];
  auto two = [](char* p, unsigned v) {
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
  };
  unsigned yy = static_cast<unsigned>(y);
  two(buf, yy / 100);
  two(buf + 2, yy % 100);
  buf[4] = '-';
  two(buf + 5, m);
  buf[7] = '-';
  two(buf + 8, d);
  buf[10] = 'T';
  two(buf + 11, static_cast<unsigned>(sod / 3600));
  buf[13] = ':';
  two(buf + 14, static_cast<unsigned>(sod / 60 % 60));
  buf[16] = ':';
  two(buf + 17, static_cast<unsigned>(sod % 60));
  size_t n = 19;
  if (frac) {
    buf[n++] = '.';
    unsigned f = static_cast<unsigned>(frac);
    for (int i = 5; i >= 0; --i) {
      buf[n + static_cast<size_t>(i)] = static_cast<char>('0' + f % 10);
      f /= 10;
    }
    n += 6;
  }
  std::memcpy(buf + n, "+00:00", 6);
  out->append(buf, n + 6);
}

std::string FormatIsoUtc(int64_t micros) {
  std::string s;
  AppendIsoUtc(micros, &s);
  return s;
}

Status ValidateTimeZone(std::string_view zone) {
  if (zone.empty() || zone == "UTC") return Ok();
  try {
    (void)date::locate_zone(std::string(zone));
  } catch (const std::exception& e) {
    return Fail(Error::InvalidConfig(fmt::format("unknown time zone '{}'", zone)));
  }
  return Ok();
}

Result<int64_t> ParseWithFormat(std::string_view text, std::string_view format,
                                std::string_view zone) {
  std::string_view t = TrimAscii(text);
  if (format.empty() || format == "iso8601") {
    if (zone.empty() || zone == "UTC") return ParseDateTimeMicros(t);
    // ISO without offset in a local zone: parse as local time, then convert.
    format = "%Y-%m-%dT%H:%M:%S";
    if (t.size() > 10 && t[10] == ' ') format = "%Y-%m-%d %H:%M:%S";
  }
  if (format == "epoch" || format == "epoch_millis") {
    auto v = ParseDouble(t);
    double micros = v ? ((format == "epoch") ? *v * 1e6 : *v * 1e3) : 0;
    // Years 0001..9999 only; NaN and infinities are refused before any conversion.
    if (!v || !std::isfinite(micros) || micros < -62135596800e6 || micros > 253402300799e6)
      return Fail(Error::InvalidInput(fmt::format("not a Unix timestamp: '{}'", t)));
    return static_cast<int64_t>(micros);
  }
  // POSIX strptime: integer fields only, so hostile text cannot produce NaN or overflow
  // (the date library's parser reads seconds as a double).
  std::string value(t), fmt_str(format);
  struct tm tm {};
  const char* end = strptime(value.c_str(), fmt_str.c_str(), &tm);
  if (!end || *end != '\0')
    return Fail(
        Error::InvalidInput(fmt::format("'{}' does not match time format '{}'", t, format)));
  int64_t year = tm.tm_year + 1900;
  if (!ValidDate(year, tm.tm_mon + 1, tm.tm_mday) || tm.tm_hour > 23 || tm.tm_min > 59 ||
      tm.tm_sec > 60)
    return Fail(Error::InvalidInput(fmt::format("'{}' is not a valid date-time", t)));
  int64_t local_seconds =
      DaysFromCivil(year, static_cast<unsigned>(tm.tm_mon + 1), static_cast<unsigned>(tm.tm_mday)) *
          86400 +
      tm.tm_hour * 3600 + tm.tm_min * 60 + std::min(tm.tm_sec, 59);
  date::local_time<std::chrono::microseconds> local{
      std::chrono::microseconds(local_seconds * 1000000)};
  if (zone.empty() || zone == "UTC") return local.time_since_epoch().count();
  try {
    const auto* tz = date::locate_zone(std::string(zone));
    auto sys = tz->to_sys(local, date::choose::earliest);
    return sys.time_since_epoch().count();
  } catch (const std::exception& e) {
    return Fail(Error::InvalidInput(
        fmt::format("cannot place '{}' in time zone {}: {}", t, zone, e.what())));
  }
}

Result<int64_t> ParseSinceMicros(const std::string& text, int64_t now_micros) {
  if (auto d = ParseDurationSeconds(text); d && text.find('-') == std::string::npos)
    return now_micros - *d * 1000000;
  return ParseDateTimeMicros(text);
}

}  // namespace belfry
