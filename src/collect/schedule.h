#pragma once
// When a collector runs: an interval ("every 1h", "30m", "@hourly", "@daily") or a
// five-field cron expression ("0 6 * * 1-5": minute hour day-of-month month day-of-week),
// evaluated in UTC.

#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace belfry {

class Schedule {
 public:
  // Errors say what is wrong with the expression.
  static Result<Schedule> Parse(std::string_view text);

  // The first run strictly after `after_seconds` (Unix time). An interval schedule counts
  // from the previous run: `previous_run_seconds` (0 = never ran: due now).
  int64_t NextAfter(int64_t after_seconds, int64_t previous_run_seconds) const;
  const std::string& text() const { return text_; }
  bool is_interval() const { return interval_seconds_ > 0; }
  int64_t interval_seconds() const { return interval_seconds_; }

 private:
  std::string text_;
  int64_t interval_seconds_ = 0;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;                      // 1..31
  std::bitset<13> months_;                    // 1..12
  std::bitset<7> weekdays_;                   // 0 = Sunday
  bool any_day_ = true, any_weekday_ = true;  // cron's day-of-month/day-of-week OR rule
};

}  // namespace belfry
