// Reading vendors' ROLIE feeds and CSAF provider metadata (the rolie: source's pure half).
#include "collect/rolie_source.h"

#include <gtest/gtest.h>

namespace belfry {
namespace {

TEST(RolieFeed, EntriesWithTheirDocumentAndHash) {
  auto entries = ParseRolieFeed(R"({"feed": {"id": "f", "entry": [
    {"id": "EX-1", "updated": "2026-11-28T10:00:00Z",
     "link": [{"rel": "self", "href": "https://psirt.example.com/csaf/ex-1.json"},
              {"rel": "hash", "href": "https://psirt.example.com/csaf/ex-1.json.sha512"}],
     "content": {"type": "application/json", "src": "https://psirt.example.com/csaf/2026/ex-1.json"}},
    {"id": "EX-2", "updated": "2026-11-29T10:00:00Z",
     "link": [{"rel": "self", "href": "https://psirt.example.com/csaf/ex-2.json"},
              {"rel": "hash", "href": "https://psirt.example.com/csaf/ex-2.json.sha256"}]},
    {"id": "EX-3", "link": [{"rel": "self", "href": "file:///etc/passwd"}]},
    {"id": "EX-4"}, 42]}})");
  ASSERT_TRUE(entries) << entries.error().message();
  ASSERT_EQ(entries->size(), 2u);  // no URL or not http(s): skipped
  EXPECT_EQ((*entries)[0].url, "https://psirt.example.com/csaf/2026/ex-1.json");  // content first
  EXPECT_EQ((*entries)[0].hash, "https://psirt.example.com/csaf/ex-1.json.sha512");
  EXPECT_EQ((*entries)[0].updated, "2026-11-28T10:00:00Z");
  EXPECT_EQ((*entries)[1].url, "https://psirt.example.com/csaf/ex-2.json");
  EXPECT_EQ((*entries)[1].hash, "");  // SHA-256 links are not checked
}

TEST(RolieFeed, EmptyOrNotAFeed) {
  EXPECT_TRUE(ParseRolieFeed(R"({"feed": {"id": "f"}})")->empty());
  EXPECT_FALSE(ParseRolieFeed(R"({"document": {}})"));
  EXPECT_FALSE(ParseRolieFeed("not json"));
  EXPECT_FALSE(ParseRolieFeed(R"({"feed": []})"));
}

TEST(RolieFeed, ProviderMetadataListsItsFeeds) {
  auto feeds = ProviderRolieFeeds(R"({"canonical_url": "https://psirt.example.com/.well-known/csaf/provider-metadata.json",
    "distributions": [{"rolie": {"feeds": [
      {"tlp_label": "WHITE", "url": "https://psirt.example.com/.well-known/csaf/white/feed.json"},
      {"tlp_label": "GREEN", "url": "https://psirt.example.com/.well-known/csaf/green/feed.json"}]}},
      {"directory_url": "https://psirt.example.com/.well-known/csaf/white/"}]})");
  ASSERT_EQ(feeds.size(), 2u);
  EXPECT_EQ(feeds[1], "https://psirt.example.com/.well-known/csaf/green/feed.json");
  EXPECT_TRUE(ProviderRolieFeeds(R"({"feed": {}})").empty());
  EXPECT_TRUE(ProviderRolieFeeds("[").empty());
}

}  // namespace
}  // namespace belfry
