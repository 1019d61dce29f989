#include "ticket/business_calendar.h"

#include <gtest/gtest.h>

#include "core/date_time.h"

namespace belfry {
namespace {

int64_t T(const char* iso) { return *ParseDateTimeMicros(iso) / 1000000; }

TEST(BusinessCalendar, EasterAndBelgianHolidays) {
  EXPECT_EQ(EasterSunday(2026), std::make_pair(4u, 5u));
  EXPECT_EQ(EasterSunday(2027), std::make_pair(3u, 28u));
  auto cal = BusinessCalendar::Create({});
  ASSERT_TRUE(cal);
  EXPECT_TRUE(cal->IsHoliday(2026, 4, 6));    // Easter Monday
  EXPECT_TRUE(cal->IsHoliday(2026, 5, 14));   // Ascension
  EXPECT_TRUE(cal->IsHoliday(2026, 5, 25));   // Whit Monday
  EXPECT_TRUE(cal->IsHoliday(2026, 7, 21));   // National day
  EXPECT_TRUE(cal->IsHoliday(2026, 11, 11));  // Armistice
  EXPECT_FALSE(cal->IsHoliday(2026, 11, 12));
}

TEST(BusinessCalendar, HoursInBrusselsWithDst) {
  auto cal = BusinessCalendar::Create({});
  ASSERT_TRUE(cal);
  // Winter: 08:00 Brussels is 07:00 UTC; summer: 06:00 UTC.
  EXPECT_FALSE(cal->IsBusinessTime(T("2026-11-30T06:59:59Z")));
  EXPECT_TRUE(cal->IsBusinessTime(T("2026-11-30T07:00:00Z")));
  EXPECT_TRUE(cal->IsBusinessTime(T("2026-06-30T06:00:00Z")));
  EXPECT_FALSE(cal->IsBusinessTime(T("2026-06-30T16:00:00Z")));
  EXPECT_FALSE(cal->IsBusinessTime(T("2026-11-28T10:00:00Z")));  // Saturday
  EXPECT_FALSE(cal->IsBusinessTime(T("2026-11-11T10:00:00Z")));  // Armistice
}

TEST(BusinessCalendar, AddsAcrossNightsWeekendsAndHolidays) {
  auto cal = BusinessCalendar::Create({});
  ASSERT_TRUE(cal);
  // Friday 16:00 Brussels + 4 business hours = Monday 10:00 Brussels.
  EXPECT_EQ(cal->AddBusinessSeconds(T("2026-11-27T15:00:00Z"), 4 * 3600), T("2026-11-30T09:00:00Z"));
  // Tuesday 10 Nov 17:00 + 2 h skips the Armistice (Wed 11 Nov).
  EXPECT_EQ(cal->AddBusinessSeconds(T("2026-11-10T16:00:00Z"), 2 * 3600), T("2026-11-12T08:00:00Z"));
  // Saturday night: the clock starts Monday 08:00.
  EXPECT_EQ(cal->AddBusinessSeconds(T("2026-11-28T23:00:00Z"), 3600), T("2026-11-30T08:00:00Z"));
  EXPECT_EQ(cal->BusinessSecondsBetween(T("2026-11-27T15:00:00Z"), T("2026-11-30T09:00:00Z")), 4 * 3600);
}

TEST(BusinessCalendar, BadConfigurationIsNamed) {
  BusinessHoursConfig c;
  c.timezone = "Mars/Olympus";
  EXPECT_FALSE(BusinessCalendar::Create(c));
  c = {};
  c.holidays = {"13-45"};
  EXPECT_FALSE(BusinessCalendar::Create(c));
  c = {};
  c.holidays = {"12-24", "2026-12-31"};
  auto cal = BusinessCalendar::Create(c);
  ASSERT_TRUE(cal);
  EXPECT_TRUE(cal->IsHoliday(2030, 12, 24));
  EXPECT_TRUE(cal->IsHoliday(2026, 12, 31));
  EXPECT_FALSE(cal->IsHoliday(2027, 12, 31));
}

}  // namespace
}  // namespace belfry
