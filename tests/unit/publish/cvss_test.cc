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

// CVSS v4.0: scores as FIRST's calculator gives them, over each equivalence class, the
// threat metric and the no-impact rule.
TEST(Cvss4, ScoresOfKnownVectors) {
  const std::pair<const char*, double> kCases[] = {
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N", 6.9},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.7},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.6},
      {"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.5},
      {"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.2},
      {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.2},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N", 8.7},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N", 8.7},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N", 6.9},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N", 5.3},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N", 5.1},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P", 8.9},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U", 8.1},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:X/CR:X/U:Red", 9.3},
  };
  for (const auto& [vector, score] : kCases) {
    auto s = ParseCvss4(vector);
    ASSERT_TRUE(s) << vector << ": " << s.error().message();
    EXPECT_DOUBLE_EQ(s->base, score) << vector;
    EXPECT_EQ(s->version, "4.0");
    EXPECT_EQ(s->severity, CvssSeverity(score));
  }
  EXPECT_EQ(ParseCvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")->version, "4.0");
  EXPECT_EQ(ParseCvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")->version, "3.1");
}

TEST(Cvss4, MalformedVectorsNameTheProblem) {
  auto missing = ParseCvss4("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("SA is missing"), std::string::npos);
  auto twice = ParseCvss4("CVSS:4.0/AV:N/AV:L/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message().find("AV given twice"), std::string::npos);
  auto bad = ParseCvss4("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N");
  ASSERT_FALSE(bad);  // Safety is for the modified metrics only
  EXPECT_NE(bad.error().message().find("SI cannot be S"), std::string::npos);
  EXPECT_FALSE(ParseCvss4("CVSS:4.0/AV:N/XX:1/AC:L"));
  EXPECT_FALSE(ParseCvss4("CVSS:3.1/AV:N"));
  EXPECT_FALSE(ParseCvss4("CVSS:4.0/"));
  EXPECT_FALSE(ParseCvss4("CVSS:4.0/AV"));
}

}  // namespace
}  // namespace belfry
