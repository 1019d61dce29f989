#include "publish/version_spec.h"

#include <gtest/gtest.h>

namespace belfry {
namespace {

TEST(VersionSpec, ComparesLikeVendorsNumber) {
  EXPECT_LT(CompareVersions("9.9", "9.10"), 0);
  EXPECT_EQ(CompareVersions("9.4.02", "9.4.2"), 0);
  EXPECT_LT(CompareVersions("2.0-rc1", "2.0"), 0);
  EXPECT_GT(CompareVersions("2.0.1", "2.0"), 0);
  EXPECT_GT(CompareVersions("2.0.1", "2.0.rc1"), 0);
  EXPECT_LT(CompareVersions("1.0a", "1.0b"), 0);
  EXPECT_EQ(CompareVersions("", ""), 0);
}

TEST(VersionSpec, RangesAndAlternatives) {
  auto spec = ParseVersionSpec(">= 9.0 < 9.4.2, 8.8.1");
  ASSERT_TRUE(spec) << spec.error().message();
  ASSERT_EQ(spec->ranges.size(), 2u);
  EXPECT_TRUE(spec->Matches("9.4.1"));
  EXPECT_TRUE(spec->Matches("9.0"));
  EXPECT_FALSE(spec->Matches("9.4.2"));
  EXPECT_FALSE(spec->Matches("8.9"));
  EXPECT_TRUE(spec->Matches("8.8.1"));
  EXPECT_EQ(spec->ranges[0].Vers(), "vers:generic/>=9.0|<9.4.2");
  EXPECT_EQ(spec->ranges[0].Text(), ">= 9.0 < 9.4.2");
  EXPECT_EQ(spec->ranges[1].Vers(), "8.8.1");
  EXPECT_TRUE(spec->ranges[1].exact());
  auto compact = ParseVersionSpec("<3.1|>=4");
  ASSERT_TRUE(compact);
  EXPECT_TRUE(compact->Matches("3.0.9"));
  EXPECT_FALSE(compact->Matches("3.5"));
  EXPECT_TRUE(compact->Matches("4.0"));
}

TEST(VersionSpec, EverythingAndErrors) {
  for (const char* all : {"", "*", "  "}) {
    auto spec = ParseVersionSpec(all);
    ASSERT_TRUE(spec) << all;
    EXPECT_TRUE(spec->Matches("1.2.3"));
    EXPECT_EQ(spec->ranges[0].Vers(), "vers:generic/*");
  }
  EXPECT_FALSE(ParseVersionSpec("=> 1.0"));
  EXPECT_FALSE(ParseVersionSpec("< "));
  EXPECT_FALSE(ParseVersionSpec("1.0,,2.0"));
  EXPECT_FALSE(ParseVersionSpec("* < 2"));
}

}  // namespace
}  // namespace belfry
