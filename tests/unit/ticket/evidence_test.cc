#include "ticket/evidence.h"

#include <gtest/gtest.h>

#include "core/date_time.h"

namespace belfry {
namespace {

constexpr int64_t kNow = 1795950000;  // 2026-11-29T10:20:00Z

TEST(Evidence, MasksCredentials) {
  EXPECT_EQ(MaskCredentials("ftp://webmaster:S3cret!@192.0.2.15/x"), "ftp://webmaster:****@192.0.2.15/x");
  EXPECT_EQ(MaskCredentials("user=admin password=letmein host"), "user=admin password=**** host");
  EXPECT_EQ(MaskCredentials("pass: qwerty;next"), "pass: ****;next");
  EXPECT_EQ(MaskCredentials("PWD=\"a b c\" end"), "PWD=**** end");
  EXPECT_EQ(MaskCredentials("Authorization: Basic dXNlcjpwYXNz"), "Authorization: ****");
  EXPECT_EQ(MaskCredentials("the passage is clear"), "the passage is clear");
  EXPECT_EQ(MaskCredentials("no secrets here 192.0.2.1"), "no secrets here 192.0.2.1");
}

TEST(Evidence, FindsTimestamps) {
  EXPECT_EQ(FindTimestamp("2026-11-20T10:00:00Z login", kNow), *ParseDateTimeMicros("2026-11-20T10:00:00Z") / 1000000);
  EXPECT_EQ(FindTimestamp("at 2026-11-20 11:00:00+01:00 ok", kNow), *ParseDateTimeMicros("2026-11-20T10:00:00Z") / 1000000);
  EXPECT_EQ(FindTimestamp("192.0.2.1 - - [20/Nov/2026:11:00:00 +0100] \"GET /\"", kNow),
            *ParseDateTimeMicros("2026-11-20T10:00:00Z") / 1000000);
  // Syslog has no year: the last one that is not in the future.
  EXPECT_EQ(FindTimestamp("Dec  3 10:00:00 host sshd[1]: ok", kNow), *ParseDateTimeMicros("2025-12-03T10:00:00Z") / 1000000);
  EXPECT_EQ(FindTimestamp("Nov 20 10:00:00 host sshd[1]: ok", kNow), *ParseDateTimeMicros("2026-11-20T10:00:00Z") / 1000000);
  EXPECT_FALSE(FindTimestamp("login ok host 192.0.2.15", kNow));
  EXPECT_FALSE(FindTimestamp("9999-99-99T99:99", kNow));
}

}  // namespace
}  // namespace belfry
