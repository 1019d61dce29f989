#include "vuln/vuln_matcher.h"

#include <gtest/gtest.h>

#include "vuln/csaf_import.h"

namespace belfry {
namespace {

ConstituentProduct P(int64_t id, const char* org, const char* vendor, const char* product,
                     const char* version) {
  ConstituentProduct p;
  p.id = id;
  p.organisation = org;
  p.vendor = vendor;
  p.product = product;
  p.version = version;
  p.source = "declared";
  return p;
}

TEST(VulnMatcher, NamesVersionsFixedAndCves) {
  AdvisoryProduct vpn{"Example Networks", "Example VPN", ">= 9.0 < 9.4.2", "9.4.2", "", ""};
  std::vector<ConstituentProduct> on_file = {
      P(1, "A", "example networks", "Example-VPN", "9.4.1"),  // affected, other spelling
      P(2, "A", "Example Networks", "Example VPN", "9.4.2"),  // fixed
      P(3, "B", "Example Networks", "Example VPN", ""),       // unknown: check it
      P(4, "B", "Example Networks", "Example VPN", "8.2"),    // outside the range
      P(5, "C", "Other", "Example VPN", "9.1"),               // another vendor's
  };
  auto observed = P(6, "D", "Example Gateways", "Gateway", "3.0");
  observed.cves = {"CVE-2026-51111"};
  on_file.push_back(observed);
  auto m = MatchAdvisory({vpn}, {"CVE-2026-51111"}, on_file);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].product.id, 1);
  EXPECT_EQ(m[0].fixed, "9.4.2");
  EXPECT_EQ(m[1].product.id, 3);
  EXPECT_EQ(m[1].reason, "version unknown: check it");
  EXPECT_EQ(m[2].product.id, 6);
  EXPECT_EQ(m[2].affected, "CVE-2026-51111");
}

TEST(VulnMatcher, CpeVendorAndProduct) {
  EXPECT_EQ(CpeVendorProduct("cpe:2.3:a:example:vpn:9.4.1:*:*:*:*:*:*:*"),
            std::make_pair(std::string("example"), std::string("vpn")));
  EXPECT_EQ(CpeVendorProduct("cpe:/a:example:vpn:9.4"),
            std::make_pair(std::string("example"), std::string("vpn")));
  EXPECT_EQ(CpeVendorProduct("not a cpe").first, "");
  AdvisoryProduct by_cpe{"Example Inc.", "VPN Server", "", "", "cpe:2.3:a:example:vpn:*:*:*:*:*:*:*:*", ""};
  auto p = P(1, "A", "Example", "VPN", "1.0");
  p.cpe = "cpe:2.3:a:example:vpn:1.0:*:*:*:*:*:*:*";
  EXPECT_EQ(MatchAdvisory({by_cpe}, {}, {p}).size(), 1u);
  EXPECT_EQ(NormalizeProductName("  Example--VPN  Server "), "example vpn server");
}

TEST(CsafImport, VendorDocumentsProductsAndRanges) {
  const char* doc = R"({"document": {"category": "csaf_security_advisory", "csaf_version": "2.0",
    "publisher": {"category": "vendor", "name": "Example PSIRT", "namespace": "https://psirt.example.com"},
    "title": "Bypass", "lang": "en", "distribution": {"tlp": {"label": "WHITE"}},
    "notes": [{"category": "summary", "text": "x"}],
    "tracking": {"id": "EX-1", "status": "final", "version": "1",
      "initial_release_date": "2026-11-28T10:00:00.000Z", "current_release_date": "2026-11-28T10:00:00.000Z",
      "revision_history": [{"date": "2026-11-28T10:00:00.000Z", "number": "1", "summary": "x"}]}},
   "product_tree": {"branches": [{"category": "vendor", "name": "Example", "branches": [
     {"category": "product_name", "name": "Router", "branches": [
       {"category": "product_version_range", "name": "vers:generic/>=2.0|<2.3", "product": {"name": "R", "product_id": "P1"}},
       {"category": "product_version", "name": "1.9.9", "product": {"name": "R 1.9.9", "product_id": "P2"}},
       {"category": "product_version", "name": "2.3", "product": {"name": "R 2.3", "product_id": "P3"}}]}]}]},
   "vulnerabilities": [{"cve": "CVE-2026-1", "notes": [{"category": "description", "text": "x"}],
     "product_status": {"known_affected": ["P1", "P2"], "fixed": ["P3"]}}]})";
  auto a = ReadVendorCsaf(doc, "ex.json");
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(a->key(), "https://psirt.example.com#EX-1");
  ASSERT_EQ(a->affected.size(), 2u);
  EXPECT_EQ(a->affected[0].versions, ">= 2.0 < 2.3");
  EXPECT_EQ(a->affected[1].versions, "1.9.9");
  EXPECT_EQ(a->cves, std::vector<std::string>{"CVE-2026-1"});
  auto m = MatchAdvisory(a->affected, a->cves,
                         {P(1, "A", "Example", "Router", "2.2.1"), P(2, "A", "Example", "Router", "2.3"),
                          P(3, "A", "Example", "Router", "1.9.9")});
  EXPECT_EQ(m.size(), 2u);
  EXPECT_FALSE(ReadVendorCsaf("{", "bad.json"));
  EXPECT_FALSE(ReadVendorCsaf(R"({"document": {}})", "empty.json"));
}

}  // namespace
}  // namespace belfry
