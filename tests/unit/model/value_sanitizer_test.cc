#include "model/value_sanitizer.h"

#include <gtest/gtest.h>

#include "core/date_time.h"
#include "model/ip_address.h"
#include "model/taxonomy.h"

namespace belfry {
namespace {

std::string Ok(FieldId id, std::string_view v) {
  std::string out;
  auto s = SanitizeValue(id, v, &out);
  EXPECT_TRUE(s) << FieldRegistry::Name(id) << " '" << v << "': " << (s ? "" : s.error().message());
  return out;
}

bool Rejected(FieldId id, std::string_view v) {
  std::string out;
  return !SanitizeValue(id, v, &out);
}

TEST(Sanitizer, IpAddresses) {
  EXPECT_EQ(Ok(fields::kSourceIp, " 192.0.2.1 "), "192.0.2.1");
  EXPECT_EQ(Ok(fields::kSourceIp, "2001:DB8:0:0::1"), "2001:db8::1");
  EXPECT_TRUE(Rejected(fields::kSourceIp, "0.0.0.0"));
  EXPECT_TRUE(Rejected(fields::kSourceIp, "192.0.2.01"));
  EXPECT_TRUE(Rejected(fields::kSourceIp, "192.0.2.256"));
  EXPECT_TRUE(Rejected(fields::kSourceIp, "example.com"));
  EXPECT_EQ(Ok(fields::kSourceNetwork, "192.0.2.77/24"), "192.0.2.0/24");
  EXPECT_EQ(Ok(fields::kSourceNetwork, "2001:db8::1"), "2001:db8::1/128");
}

TEST(Sanitizer, DomainNamesAndUrls) {
  EXPECT_EQ(Ok(fields::kSourceFqdn, "WWW.Example.COM."), "www.example.com");
  EXPECT_TRUE(Rejected(fields::kSourceFqdn, "192.0.2.1"));
  EXPECT_TRUE(Rejected(fields::kSourceFqdn, "host:8080"));
  EXPECT_TRUE(Rejected(fields::kSourceFqdn, "a..b"));
  EXPECT_EQ(Ok(fields::kSourceUrl, "hxxp://example.com/x"), "http://example.com/x");
  EXPECT_TRUE(Rejected(fields::kSourceUrl, "example.com/path"));
}

TEST(Sanitizer, NumbersAndAsns) {
  EXPECT_EQ(Ok(fields::kSourceAsn, "AS64496"), "64496");
  EXPECT_TRUE(Rejected(fields::kSourceAsn, "0"));
  EXPECT_TRUE(Rejected(fields::kSourceAsn, "4294967296"));
  EXPECT_EQ(Ok(fields::kSourcePort, "443"), "443");
  EXPECT_EQ(Ok(fields::kSourcePort, "0443"), "443");  // as Python's int()
  EXPECT_EQ(Ok(fields::kSourcePort, "-0"), "0");
  EXPECT_EQ(Ok(fields::kSourcePort, "+8"), "8");
  EXPECT_EQ(Ok(fields::kSourceAsn, "as0064496"), "64496");
  EXPECT_TRUE(Rejected(fields::kSourcePort, "https"));
  EXPECT_EQ(Ok(fields::kFeedAccuracy, "100"), "100.0");
  EXPECT_TRUE(Rejected(fields::kFeedAccuracy, "101"));
  EXPECT_EQ(Ok(fields::kSourceTorNode, "TRUE"), "true");
}

TEST(Sanitizer, DateTimesBecomeUtcIso) {
  EXPECT_EQ(Ok(fields::kTimeSource, "2026-11-22 10:00:00 UTC"), "2026-11-22T10:00:00+00:00");
  EXPECT_EQ(Ok(fields::kTimeSource, "2026-11-22T11:00:00+01:00"), "2026-11-22T10:00:00+00:00");
  EXPECT_EQ(Ok(fields::kTimeSource, "2026-11-22T10:00:00.250Z"),
            "2026-11-22T10:00:00.250000+00:00");
  EXPECT_EQ(Ok(fields::kTimeSource, "Sun, 22 Nov 2026 10:00:00 GMT"), "2026-11-22T10:00:00+00:00");
  EXPECT_EQ(Ok(fields::kTimeSource, "2026-11-22"), "2026-11-22T00:00:00+00:00");
  EXPECT_TRUE(Rejected(fields::kTimeSource, "2026-02-30 10:00:00"));
  EXPECT_TRUE(Rejected(fields::kTimeSource, "yesterday"));
}

TEST(Sanitizer, LocalTimeZonesConvertToUtc) {
  // Brussels is UTC+1 in November and UTC+2 in July.
  EXPECT_EQ(FormatIsoUtc(*ParseWithFormat("22/11/2026 11:00", "%d/%m/%Y %H:%M", "Europe/Brussels")),
            "2026-11-22T10:00:00+00:00");
  EXPECT_EQ(FormatIsoUtc(*ParseWithFormat("2026-07-01 12:00:00", "", "Europe/Brussels")),
            "2026-07-01T10:00:00+00:00");
  EXPECT_EQ(FormatIsoUtc(*ParseWithFormat("1795000000", "epoch", "")), "2026-11-18T11:06:40+00:00");
}

TEST(Sanitizer, ClassificationWithLegacyAliases) {
  EXPECT_EQ(Ok(fields::kClassificationType, "botnet drone"), "infected-system");
  EXPECT_EQ(Ok(fields::kClassificationType, "C&C"), "c2-server");
  EXPECT_EQ(Ok(fields::kClassificationTaxonomy, "Malicious Code"), "malicious-code");
  EXPECT_TRUE(Rejected(fields::kClassificationType, "not-a-type"));
  EXPECT_EQ(Taxonomy::TaxonomyOfType("ddos-amplifier"), "vulnerable");
  EXPECT_EQ(Taxonomy::Types().size(), 44u);
  EXPECT_EQ(Taxonomy::Taxonomies().size(), 11u);
}

TEST(Sanitizer, TlpKeepsTlp2Labels) {
  EXPECT_EQ(Ok(fields::kTlp, "tlp:white"), "CLEAR");
  EXPECT_EQ(Ok(fields::kTlp, "AMBER+STRICT"), "AMBER+STRICT");
  EXPECT_EQ(Ok(fields::kTlp, "yellow"), "AMBER");
  EXPECT_TRUE(Rejected(fields::kTlp, "purple"));
}

TEST(Sanitizer, PatternsAndLengthsFromHarmonization) {
  EXPECT_EQ(Ok(fields::kSourceGeolocationCc, "be"), "BE");
  EXPECT_TRUE(Rejected(fields::kSourceGeolocationCc, "BEL"));
  EXPECT_EQ(Ok(fields::kProtocolTransport, "TCP"), "tcp");
  EXPECT_TRUE(Rejected(fields::kProtocolTransport, "carrier-pigeon"));
  EXPECT_TRUE(Rejected(fields::kMalwareName, "caf\xc3\xa9"));
  EXPECT_TRUE(Rejected(fields::kSourceAccount, "bad\xff utf8"));
}

TEST(FieldRegistry, GeneratedFromHarmonizationPlusIntelMq35Fields) {
  EXPECT_EQ(FieldRegistry::Size(), 89u);  // 82 + constituency, severity, 5 product.*
  EXPECT_TRUE(FieldRegistry::Find("product.vulnerabilities").has_value());
  EXPECT_EQ(FieldRegistry::Spec(fields::kSourceIp).type, FieldType::kIPAddress);
  EXPECT_FALSE(FieldRegistry::Find("source.nonsense").has_value());
}

}  // namespace
}  // namespace belfry
