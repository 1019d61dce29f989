#include "publish/advisory_source.h"

#include <gtest/gtest.h>

namespace belfry {
namespace {

constexpr const char* kGood = R"(+++
title = "Critical vulnerability in Example VPN appliances"
audience = "pro"
kind = "advisory"
lang = "nl"
tlp = "CLEAR"
severity = "critical"
cves = ["CVE-2026-12345", "CVE-2026-1234567"]
cvss = ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"]
references = ["https://vendor.example/psirt/2026-001"]

[[products]]
vendor = "Example"
product = "Example VPN"
versions = "< 9.4.2"
cpe = "cpe:2.3:a:example:vpn:*:*:*:*:*:*:*:*"
+++
# Wat is er aan de hand?

Patch **nu**.
)";

TEST(AdvisorySource, ReadsTheFrontMatterAndScoresTheVectors) {
  auto a = ParseAdvisorySource(kGood, "a.md");
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(a->title, "Critical vulnerability in Example VPN appliances");
  EXPECT_EQ(a->lang, "nl");
  EXPECT_EQ(a->tlp, Tlp::kClear);
  ASSERT_EQ(a->cves.size(), 2u);
  ASSERT_EQ(a->cvss.size(), 1u);
  EXPECT_DOUBLE_EQ(a->cvss[0].base, 9.8);
  ASSERT_EQ(a->products.size(), 1u);
  EXPECT_EQ(a->products[0].versions, "< 9.4.2");
  EXPECT_EQ(a->body, "# Wat is er aan de hand?\n\nPatch **nu**.\n");
}

TEST(AdvisorySource, ErrorsNameTheKeyOrLine) {
  auto with = [](std::string front) { return "+++\n" + front + "\n+++\nbody\n"; };
  struct Case {
    std::string text;
    const char* says;
  } cases[] = {
      {"no front matter", "line 1"},
      {"+++\ntitle = \"x\"\n", "not closed"},
      {with("audience = \"pro\""), "title is required"},
      {with("title = \"x\"\naudience = \"press\""), "audience: pro or citizen"},
      {with("title = \"x\"\nkind = \"blog\""), "kind:"},
      {with("title = \"x\"\nlang = \"es\""), "lang:"},
      {with("title = \"x\"\ntlp = \"PURPLE\""), "tlp:"},
      {with("title = \"x\"\nseverity = \"urgent\""), "severity:"},
      {with("title = \"x\"\ncves = [\"CVE-26-1\"]"), "not a CVE id"},
      {with("title = \"x\"\ncvss = [\"CVSS:3.1/AV:N\"]"), "cvss:"},
      {with("title = \"x\"\nreferences = [\"javascript:alert(1)\"]"), "not an http(s) URL"},
      {with("title = \"x\"\nscore = 9.8"), "unknown key 'score'"},
      {with("title = \"x\"\n[[products]]\nvendor = \"V\""), "vendor and product are required"},
      {with("title = \"x\"\n[[products]]\nvendor = \"V\"\nproduct = \"P\"\ncpe = \"x\""), "not a CPE"},
      {with("title = \"x\"\ntitle = \"y\""), "line 3"},
  };
  for (const auto& c : cases) {
    auto a = ParseAdvisorySource(c.text, "a.md");
    ASSERT_FALSE(a) << c.text;
    EXPECT_NE(a.error().message().find(c.says), std::string::npos) << a.error().message();
    EXPECT_EQ(a.error().message().rfind("a.md: ", 0), 0u) << a.error().message();
  }
}

}  // namespace
}  // namespace belfry
