#include "publish/cvss.h"

#include <gtest/gtest.h>

namespace belfry {
namespace {

// Scores from FIRST's CVSS v3.1 calculator and the specification's examples.
TEST(Cvss, BaseScoresMatchTheSpecification) {
  struct Case {
    const char* vector;
    double score;
    const char* severity;
  } cases[] = {
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "Critical"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, "Critical"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, "Medium"},      // reflected XSS
      {"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8, "High"},        // local privilege
      {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", 5.9, "Medium"},
      {"CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6, "Low"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0, "None"},
      {"CVSS:3.1/AV:A/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.0, "Critical"},
      {"CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2, "High"},
      {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "Critical"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:F/RL:O/RC:C", 9.8, "Critical"},
  };
  for (const auto& c : cases) {
    auto s = ParseCvss3(c.vector);
    ASSERT_TRUE(s) << c.vector << ": " << s.error().message();
    EXPECT_DOUBLE_EQ(s->base, c.score) << c.vector;
    EXPECT_EQ(s->severity, c.severity) << c.vector;
  }
}

TEST(Cvss, MalformedVectorsNameTheProblem) {
  struct Case {
    const char* vector;
    const char* says;
  } cases[] = {
      {"AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "must start with"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "A is missing"},
      {"CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "'X' is not a value of AV"},
      {"CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "AV given twice"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1", "unknown metric 'ZZ'"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/", "ends with"},
      {"CVSS:3.1/AVN", "not METRIC:VALUE"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "must start with"},
  };
  for (const auto& c : cases) {
    auto s = ParseCvss3(c.vector);
    ASSERT_FALSE(s) << c.vector;
    EXPECT_NE(s.error().message().find(c.says), std::string::npos) << s.error().message();
  }
}

}  // namespace
}  // namespace belfry
