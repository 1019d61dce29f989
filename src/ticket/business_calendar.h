#pragma once
// Business time: the team's working hours in its time zone (DST included, through the
// system's tz database), minus public holidays. SLA due times are counted in it: "respond
// within 4 business hours" on a Friday 17:00 report is Monday 11:00.

#include <array>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"

namespace date {
class time_zone;
}

namespace belfry {

struct BusinessHoursConfig {
  std::string timezone = "Europe/Brussels";
  int open_minute = 8 * 60;    // 08:00 local
  int close_minute = 18 * 60;  // 18:00 local
  // Monday .. Sunday.
  std::array<bool, 7> days = {true, true, true, true, true, false, false};
  // Built-in holiday rules: "BE" (Belgium's ten legal public holidays, Easter-based ones
  // included) or "" (none).
  std::string holiday_rules = "BE";
  // More days off: "12-26" every year, "2026-12-24" once.
  std::vector<std::string> holidays;
};

class BusinessCalendar {
 public:
  static Result<BusinessCalendar> Create(const BusinessHoursConfig& config);

  // Whether `unix_seconds` falls inside business hours.
  bool IsBusinessTime(int64_t unix_seconds) const;
  bool IsHoliday(int64_t year, unsigned month, unsigned day) const;
  // The instant `seconds` of business time after `start` (start itself may be outside).
  int64_t AddBusinessSeconds(int64_t start, int64_t seconds) const;
  // Business seconds between two instants (0 when `to` <= `from`).
  int64_t BusinessSecondsBetween(int64_t from, int64_t to) const;
  // The next instant business hours begin at or after `t` (t itself when inside).
  int64_t NextBusinessTime(int64_t t) const;

  const BusinessHoursConfig& config() const { return config_; }

 private:
  BusinessCalendar() = default;
  // Business interval [open, close) of the local day holding `t`, as Unix seconds; false
  // when that day has none.
  bool DayWindow(int64_t days_since_epoch, int64_t* open, int64_t* close) const;
  int64_t LocalDay(int64_t t) const;

  BusinessHoursConfig config_;
  const date::time_zone* zone_ = nullptr;
  std::set<std::pair<unsigned, unsigned>> yearly_;  // (month, day)
  std::set<int64_t> once_;                          // days since epoch
};

// Easter Sunday of `year` (Gregorian), as (month, day).
std::pair<unsigned, unsigned> EasterSunday(int64_t year);

}  // namespace belfry
