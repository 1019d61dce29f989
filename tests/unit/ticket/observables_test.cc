#include "ticket/observables.h"

#include <gtest/gtest.h>

namespace belfry {
namespace {

std::vector<std::string> All(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& o : DistinctObservables(text))
    out.push_back(std::string(ObservableTypeName(o.type)) + ":" + o.value);
  return out;
}

bool Has(std::string_view text, const std::string& want) {
  auto all = All(text);
  return std::find(all.begin(), all.end(), want) != all.end();
}

TEST(Observables, PlainAndDefangedAddresses) {
  EXPECT_TRUE(Has("login from 192.0.2.15 failed", "ip:192.0.2.15"));
  EXPECT_TRUE(Has("host 192.0.2[.]15 again", "ip:192.0.2.15"));
  EXPECT_TRUE(Has("host 192.0.2(.)16", "ip:192.0.2.16"));
  EXPECT_TRUE(Has("host 192[.]0[.]2[.]17,", "ip:192.0.2.17"));
  EXPECT_TRUE(Has("src=198.51.100.7:22;", "ip:198.51.100.7"));
  EXPECT_TRUE(Has("net 198.51.100.0/24.", "cidr:198.51.100.0/24"));
  EXPECT_FALSE(Has("version 1.2.3", "ip:1.2.3"));
  EXPECT_FALSE(Has("999.1.1.1", "ip:999.1.1.1"));
}

TEST(Observables, Ipv6InAnyNotation) {
  EXPECT_TRUE(Has("from 2001:db8::1 port", "ip:2001:db8::1"));
  EXPECT_TRUE(Has("from 2001:0DB8:0000:0000:0000:0000:0000:0001 x", "ip:2001:db8::1"));
  EXPECT_TRUE(Has("[2001:db8::2]:443", "ip:2001:db8::2"));
  EXPECT_TRUE(Has("net 2001:db8:1::/48", "cidr:2001:db8:1::/48"));
  EXPECT_TRUE(Has("mapped ::ffff:192.0.2.9 here", "ip:192.0.2.9"));
  EXPECT_TRUE(All("at 12:00:01 and 00:11:22:33:44:55").empty());
}

TEST(Observables, UrlsDomainsMailsHashesCves) {
  EXPECT_TRUE(Has("see hxxp://evil.example[.]com/login.php?x=1", "url:http://evil.example.com/login.php?x=1"));
  EXPECT_TRUE(Has("see hxxp://evil.example[.]com/login.php?x=1", "domain:evil.example.com"));
  EXPECT_TRUE(Has("ftp://webmaster:S3cret@192.0.2.15/", "url:ftp://webmaster@192.0.2.15/"));
  EXPECT_TRUE(Has("ftp://webmaster:S3cret@192.0.2.15/", "ip:192.0.2.15"));
  EXPECT_TRUE(Has("mail to Abuse@Example.COM.", "email:abuse@example.com"));
  EXPECT_TRUE(Has("mail to abuse[@]example[.]com", "email:abuse@example.com"));
  EXPECT_TRUE(Has("visit www.Example.be today", "domain:www.example.be"));
  EXPECT_FALSE(Has("file evidence.txt and sshd.pid", "domain:evidence.txt"));
  EXPECT_TRUE(Has("md5 d41d8cd98f00b204e9800998ecf8427e", "hash:d41d8cd98f00b204e9800998ecf8427e"));
  EXPECT_TRUE(Has("patch cve-2024-3094 now", "cve:CVE-2024-3094"));
}

TEST(Observables, TokenBoundaries) {
  auto all = All("192.0.2.150 and 10.192.0.2.15");
  EXPECT_TRUE(std::find(all.begin(), all.end(), "ip:192.0.2.15") == all.end());
}

TEST(Observables, ParseObservableTakesOneWholeToken) {
  auto o = ParseObservable(" 192.0.2[.]1 ");
  ASSERT_TRUE(o);
  EXPECT_EQ(o->value, "192.0.2.1");
  EXPECT_FALSE(ParseObservable("a sentence with 192.0.2.1"));
  EXPECT_FALSE(ParseObservable("nothing"));
}

TEST(Observables, HostileInputIsBounded) {
  std::string big(1 << 20, '[');
  EXPECT_TRUE(All(big).empty());
  std::string dots(100000, '.');
  EXPECT_TRUE(All(dots).empty());
  std::string mixed;
  for (int i = 0; i < 10000; ++i) mixed += "1.(.)[at]:";
  (void)All(mixed);
}

}  // namespace
}  // namespace belfry

namespace belfry {
namespace {

TEST(Observables, Ipv6TextIsRfc5952) {
  EXPECT_TRUE(Has("a 2001:DB8:0:0:1:0:0:1 b", "ip:2001:db8::1:0:0:1"));
  EXPECT_TRUE(Has("a 2001:db8:0:1:1:1:1:1 b", "ip:2001:db8:0:1:1:1:1:1"));
  EXPECT_TRUE(Has("a fe80:0000:0000:0000:0204:61ff:fe9d:f156 b", "ip:fe80::204:61ff:fe9d:f156"));
  EXPECT_TRUE(Has("a 2001:db8::0:1 b", "ip:2001:db8::1"));
  EXPECT_TRUE(Has("a 2001:0:0:1:0:0:0:1 b", "ip:2001:0:0:1::1"));
}

}  // namespace
}  // namespace belfry

namespace belfry {
namespace {

TEST(Observables, LargeTextsGiveTheSameHitsInParallel) {
  std::string line = "x 192.0.2.7 hxxp://evil.example[.]com/a?b=c user[@]example.org 2001:db8::5\n";
  std::string text;
  while (text.size() < (9u << 20)) text += line;
  std::vector<ObservableHit> all;
  ExtractObservables(text, &all);  // parallel above 4 MiB
  ASSERT_EQ(all.size() % 5, 0u);
  EXPECT_EQ(all.size() / 5, text.size() / line.size());
  std::vector<ObservableHit> one;
  ExtractObservables(line, &one);
  ASSERT_EQ(one.size(), 5u);
  for (size_t i = 0; i < all.size(); ++i) {
    const size_t row = i / 5;
    EXPECT_EQ(all[i].observable, one[i % 5].observable);
    ASSERT_EQ(all[i].offset, row * line.size() + one[i % 5].offset) << i;
  }
}

}  // namespace
}  // namespace belfry
