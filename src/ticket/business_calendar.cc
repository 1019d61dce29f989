#include "ticket/business_calendar.h"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include "core/date_time.h"
#include "core/text.h"

namespace belfry {
namespace {

using date::days;
using date::local_days;
using date::sys_seconds;
using std::chrono::seconds;

constexpr int64_t kMaxDaysScanned = 3 * 366;  // a calendar with no business day ends a scan

date::year_month_day Ymd(int64_t days_since_epoch) {
  return date::year_month_day(date::sys_days(days(days_since_epoch)));
}

}  // namespace

std::pair<unsigned, unsigned> EasterSunday(int64_t y) {
  // The anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  int64_t a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25,
          g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4,
          l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
  unsigned month = static_cast<unsigned>((h + l - 7 * m + 114) / 31);
  unsigned day = static_cast<unsigned>((h + l - 7 * m + 114) % 31 + 1);
  return {month, day};
}

Result<BusinessCalendar> BusinessCalendar::Create(const BusinessHoursConfig& config) {
  BusinessCalendar cal;
  cal.config_ = config;
  try {
    cal.zone_ = date::locate_zone(config.timezone);
  } catch (const std::exception&) {
    return Fail(Error::InvalidConfig(
        fmt::format("unknown time zone '{}' (an IANA name such as Europe/Brussels)",
                    config.timezone)));
  }
  if (config.open_minute < 0 || config.close_minute > 24 * 60 ||
      config.open_minute >= config.close_minute)
    return Fail(Error::InvalidConfig("business hours must open before they close"));
  if (!config.holiday_rules.empty() && config.holiday_rules != "BE")
    return Fail(Error::InvalidConfig(
        fmt::format("unknown holiday rules '{}' (\"BE\" or \"\")", config.holiday_rules)));
  for (const std::string& h : config.holidays) {
    auto bad = [&] {
      return Error::InvalidConfig(
          fmt::format("holiday '{}' is neither MM-DD nor YYYY-MM-DD", h));
    };
    if (h.size() == 5 && h[2] == '-') {
      auto m = ParseInt64(h.substr(0, 2)), d = ParseInt64(h.substr(3));
      if (!m || !d || *m < 1 || *m > 12 || *d < 1 || *d > 31) return Fail(bad());
      cal.yearly_.insert({static_cast<unsigned>(*m), static_cast<unsigned>(*d)});
    } else if (h.size() == 10 && h[4] == '-' && h[7] == '-') {
      auto y = ParseInt64(h.substr(0, 4)), m = ParseInt64(h.substr(5, 2)),
           d = ParseInt64(h.substr(8));
      if (!y || !m || !d || *m < 1 || *m > 12 || *d < 1 || *d > 31) return Fail(bad());
      cal.once_.insert(DaysFromCivil(*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d)));
    } else {
      return Fail(bad());
    }
  }
  return cal;
}

bool BusinessCalendar::IsHoliday(int64_t year, unsigned month, unsigned day) const {
  if (yearly_.count({month, day})) return true;
  int64_t n = DaysFromCivil(year, month, day);
  if (once_.count(n)) return true;
  if (config_.holiday_rules != "BE") return false;
  // Belgium's legal public holidays (Royal Decree of 18 April 1974).
  static constexpr std::pair<unsigned, unsigned> kFixed[] = {
      {1, 1}, {5, 1}, {7, 21}, {8, 15}, {11, 1}, {11, 11}, {12, 25}};
  for (auto [m, d] : kFixed)
    if (m == month && d == day) return true;
  auto [em, ed] = EasterSunday(year);
  int64_t easter = DaysFromCivil(year, em, ed);
  // Easter Monday, Ascension Day (Easter + 39), Whit Monday (Easter + 50).
  return n == easter + 1 || n == easter + 39 || n == easter + 50;
}

int64_t BusinessCalendar::LocalDay(int64_t t) const {
  auto local = zone_->to_local(sys_seconds(seconds(t)));
  return date::floor<days>(local).time_since_epoch().count();
}

bool BusinessCalendar::DayWindow(int64_t day, int64_t* open, int64_t* close) const {
  auto ymd = Ymd(day);
  date::weekday wd{date::sys_days(days(day))};
  unsigned monday_based = (wd.c_encoding() + 6) % 7;
  if (!config_.days[monday_based]) return false;
  if (IsHoliday(static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day())))
    return false;
  local_days ld{days(day)};
  auto to_sys = [&](int minute) {
    auto lt = ld + std::chrono::minutes(minute);
    // Gaps and overlaps of DST changes fall at night; the earliest reading is taken.
    return date::floor<seconds>(zone_->to_sys(lt, date::choose::earliest))
        .time_since_epoch()
        .count();
  };
  *open = to_sys(config_.open_minute);
  *close = to_sys(config_.close_minute);
  return true;
}

bool BusinessCalendar::IsBusinessTime(int64_t t) const {
  int64_t open, close;
  return DayWindow(LocalDay(t), &open, &close) && t >= open && t < close;
}

int64_t BusinessCalendar::NextBusinessTime(int64_t t) const {
  int64_t day = LocalDay(t);
  for (int64_t i = 0; i < kMaxDaysScanned; ++i, ++day) {
    int64_t open, close;
    if (!DayWindow(day, &open, &close) || t >= close) continue;
    return std::max(t, open);
  }
  return t;
}

int64_t BusinessCalendar::AddBusinessSeconds(int64_t start, int64_t amount) const {
  int64_t t = start;
  int64_t left = std::max<int64_t>(amount, 0);
  int64_t day = LocalDay(t);
  for (int64_t i = 0; i < kMaxDaysScanned * 40; ++i, ++day) {
    int64_t open, close;
    if (!DayWindow(day, &open, &close) || t >= close) continue;
    int64_t from = std::max(t, open);
    if (from + left <= close) return from + left;
    left -= close - from;
    t = close;
  }
  return start + amount;  // no business days at all: wall-clock time
}

int64_t BusinessCalendar::BusinessSecondsBetween(int64_t from, int64_t to) const {
  if (to <= from) return 0;
  int64_t total = 0;
  int64_t day = LocalDay(from);
  int64_t last = LocalDay(to);
  for (; day <= last; ++day) {
    int64_t open, close;
    if (!DayWindow(day, &open, &close)) continue;
    int64_t a = std::max(from, open), b = std::min(to, close);
    if (b > a) total += b - a;
  }
  return total;
}

}  // namespace belfry
