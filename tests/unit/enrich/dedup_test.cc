#include <gtest/gtest.h>

#include "enrich/deduplicator.h"

namespace belfry {
namespace {

Event Make(const char* ip, const char* observed) {
  Event e;
  (void)e.Add(fields::kSourceIp, ip);
  (void)e.Add(fields::kTimeObservation, observed);
  e.raw = std::string("line for ") + ip + observed;
  return e;
}

TEST(EventHasher, IgnoresRawAndObservationTimeByDefault) {
  EventHasher h{DedupConfig{}};
  EXPECT_EQ(h.Hash(Make("192.0.2.1", "2026-11-22T08:00:00Z")),
            h.Hash(Make("192.0.2.1", "2026-11-22T09:00:00Z")));
  EXPECT_NE(h.Hash(Make("192.0.2.1", "2026-11-22T08:00:00Z")),
            h.Hash(Make("192.0.2.2", "2026-11-22T08:00:00Z")));
}

TEST(EventHasher, WhitelistHashesOnlyTheListedKeys) {
  DedupConfig c;
  c.whitelist = true;
  c.keys = {"classification.type"};
  EventHasher h{c};
  EXPECT_EQ(h.Hash(Make("192.0.2.1", "2026-11-22T08:00:00Z")),
            h.Hash(Make("192.0.2.2", "2026-11-22T08:00:00Z")));
}

TEST(DedupWindow, RemembersUntilExpiry) {
  DedupWindow w(4096);
  EXPECT_TRUE(w.Insert(42, 1000, 1000 + 86400));
  EXPECT_FALSE(w.Insert(42, 2000, 2000 + 86400));
  EXPECT_TRUE(w.Insert(42, 1000 + 86400, 1000 + 2 * 86400));  // expired: new again
}

TEST(DedupWindow, StaysWithinItsBound) {
  DedupWindow w(2048);
  for (uint64_t i = 1; i <= 100000; ++i)
    w.Insert(i * 0x9E3779B97F4A7C15ULL, static_cast<int64_t>(i), 1000000 + i);
  EXPECT_LE(w.size(), 2048u);
  EXPECT_GT(w.evictions(), 0u);
  // The newest entries are kept.
  EXPECT_FALSE(w.Insert(100000 * 0x9E3779B97F4A7C15ULL, 100001, 2000000));
}

}  // namespace
}  // namespace belfry
