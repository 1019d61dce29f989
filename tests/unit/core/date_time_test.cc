// Date-time parsing: the fast path for the two common forms agrees with the general parser.

#include "core/date_time.h"

#include <gtest/gtest.h>

#include <random>

#include <fmt/format.h>

namespace belfry {
namespace {

TEST(DateTime, CommonFormsAgreeWithTheGeneralParser) {
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    // Mostly valid values, some out of range (month 13, day 31 in short months, 24:00 ...).
    const int y = 1970 + static_cast<int>(rng() % 100), mo = 1 + static_cast<int>(rng() % 13),
              d = 1 + static_cast<int>(rng() % 31), h = static_cast<int>(rng() % 25),
              mi = static_cast<int>(rng() % 60), s = static_cast<int>(rng() % 61);
    const std::string base = fmt::format("{:04}-{:02}-{:02}", y, mo, d);
    const std::string clock = fmt::format("{:02}:{:02}:{:02}", h, mi, s);
    // Fast forms, and a spelling of the same instant that only the general parser reads.
    auto space = ParseDateTimeMicros(base + " " + clock);
    auto iso = ParseDateTimeMicros(base + "T" + clock + "+00:00");
    auto zulu = ParseDateTimeMicros(base + "T" + clock + "Z");
    auto general = ParseDateTimeMicros(base + "T" + clock + " +0000");
    ASSERT_EQ(static_cast<bool>(space), static_cast<bool>(general)) << base << " " << clock;
    ASSERT_EQ(static_cast<bool>(iso), static_cast<bool>(general)) << base << " " << clock;
    ASSERT_EQ(static_cast<bool>(zulu), static_cast<bool>(general)) << base << " " << clock;
    if (!general) continue;
    EXPECT_EQ(*space, *general) << base << " " << clock;
    EXPECT_EQ(*iso, *general) << base << " " << clock;
    EXPECT_EQ(*zulu, *general) << base << " " << clock;
  }
  EXPECT_EQ(*ParseDateTimeMicros("2026-11-21 01:00:00"), 1795222800LL * 1000000);
  EXPECT_EQ(*ParseDateTimeMicros("2024-02-29T12:00:00+00:00"), 1709208000LL * 1000000);
  EXPECT_FALSE(ParseDateTimeMicros("2023-02-29 12:00:00"));
  EXPECT_FALSE(ParseDateTimeMicros("2026-11-21 01:00:0x"));
}

}  // namespace
}  // namespace belfry
