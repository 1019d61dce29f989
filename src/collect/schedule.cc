#include "collect/schedule.h"

#include <fmt/format.h>

#include <charconv>
#include <ctime>
#include <vector>

#include "core/text.h"

namespace belfry {
namespace {

std::vector<std::string_view> SplitOn(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    out.push_back(
        s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

bool ToInt(std::string_view s, int* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

// One cron field ("*", "*/15", "1-5", "0,30", "8-18/2") into bits lo..hi.
template <size_t N>
Status ParseField(std::string_view field, int lo, int hi, std::string_view what,
                  std::bitset<N>* bits, bool* any) {
  *any = field == "*";
  for (std::string_view part : SplitOn(field, ',')) {
    int step = 1;
    if (size_t slash = part.find('/'); slash != std::string_view::npos) {
      if (!ToInt(part.substr(slash + 1), &step) || step <= 0)
        return Fail(Error::InvalidInput(fmt::format("bad step in {} field '{}'", what, field)));
      part = part.substr(0, slash);
    }
    int a = lo, b = hi;
    if (part != "*") {
      size_t dash = part.find('-');
      if (dash == std::string_view::npos) {
        if (!ToInt(part, &a))
          return Fail(Error::InvalidInput(fmt::format("bad {} field '{}'", what, field)));
        b = step > 1 ? hi : a;
      } else if (!ToInt(part.substr(0, dash), &a) || !ToInt(part.substr(dash + 1), &b)) {
        return Fail(Error::InvalidInput(fmt::format("bad range in {} field '{}'", what, field)));
      }
    }
    if (a < lo || b > hi || a > b)
      return Fail(
          Error::InvalidInput(fmt::format("{} field '{}' is outside {}-{}", what, field, lo, hi)));
    // Day-of-week 7 is Sunday, as 0 is: bits wrap modulo N.
    for (int v = a; v <= b; v += step) bits->set(static_cast<size_t>(v) % N);
  }
  return Ok();
}

}  // namespace

Result<Schedule> Schedule::Parse(std::string_view text_in) {
  Schedule s;
  std::string_view text = TrimAscii(text_in);
  s.text_ = std::string(text);
  if (text.empty()) return Fail(Error::InvalidInput("empty schedule"));
  // cron's nicknames, with or without the @: hourly is an interval (it runs at once the
  // first time), the others are cron times in UTC.
  std::string_view word = text.front() == '@' ? text.substr(1) : text;
  std::string_view interval = text;
  if (word == "hourly") interval = "1h";
  if (word == "daily" || word == "midnight") interval = text = "0 0 * * *";
  if (word == "weekly") interval = text = "0 0 * * 0";
  if (word == "monthly") interval = text = "0 0 1 * *";
  if (word == "yearly" || word == "annually") interval = text = "0 0 1 1 *";
  if (interval.substr(0, 6) == "every ") interval = TrimAscii(interval.substr(6));
  if (text.find(' ') == std::string_view::npos || interval != text) {
    auto d = ParseDurationSeconds(interval);
    if (!d || *d <= 0)
      return Fail(Error::InvalidInput(
          fmt::format("'{}' is neither an interval (\"every 1h\", \"30m\") nor a cron expression "
                      "(\"0 6 * * *\")",
                      s.text_)));
    s.interval_seconds_ = *d;
    return s;
  }
  std::vector<std::string_view> fields;
  for (std::string_view f : SplitOn(text, ' '))
    if (!f.empty()) fields.push_back(f);
  if (fields.size() != 5)
    return Fail(Error::InvalidInput(fmt::format(
        "cron expression '{}' needs 5 fields: minute hour day-of-month month day-of-week",
        s.text_)));
  bool any = false;
  BELFRY_RETURN_IF_ERROR(ParseField(fields[0], 0, 59, "minute", &s.minutes_, &any));
  BELFRY_RETURN_IF_ERROR(ParseField(fields[1], 0, 23, "hour", &s.hours_, &any));
  BELFRY_RETURN_IF_ERROR(ParseField(fields[2], 1, 31, "day-of-month", &s.days_, &s.any_day_));
  BELFRY_RETURN_IF_ERROR(ParseField(fields[3], 1, 12, "month", &s.months_, &any));
  BELFRY_RETURN_IF_ERROR(ParseField(fields[4], 0, 7, "day-of-week", &s.weekdays_, &s.any_weekday_));
  return s;
}

int64_t Schedule::NextAfter(int64_t after, int64_t previous_run) const {
  if (interval_seconds_ > 0) {
    if (previous_run <= 0) return after;
    int64_t next = previous_run + interval_seconds_;
    return next > after ? next : after;
  }
  // Minute by minute would be up to 527k steps a year; skip whole days and hours instead.
  int64_t t = (after / 60 + 1) * 60;
  const int64_t limit = t + 5LL * 366 * 86400;
  while (t < limit) {
    time_t tt = static_cast<time_t>(t);
    struct tm tm;
    gmtime_r(&tt, &tm);
    bool dom = days_.test(static_cast<size_t>(tm.tm_mday));
    bool dow = weekdays_.test(static_cast<size_t>(tm.tm_wday));
    bool day_ok = (any_day_ || any_weekday_) ? (dom && dow) : (dom || dow);
    if (!months_.test(static_cast<size_t>(tm.tm_mon + 1)) || !day_ok) {
      t += (86400 - (tm.tm_hour * 3600 + tm.tm_min * 60));
      continue;
    }
    if (!hours_.test(static_cast<size_t>(tm.tm_hour))) {
      t += 3600 - tm.tm_min * 60;
      continue;
    }
    if (!minutes_.test(static_cast<size_t>(tm.tm_min))) {
      t += 60;
      continue;
    }
    return t;
  }
  return limit;  // e.g. "0 0 31 2 *": never; far future
}

}  // namespace belfry
