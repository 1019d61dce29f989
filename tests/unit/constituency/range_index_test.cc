#include "constituency/range_index.h"

#include <gtest/gtest.h>

#include <random>

namespace belfry {
namespace {

template <typename Key>
uint32_t BruteForce(const std::vector<typename RangeIndex<Key>::Range>& ranges, Key k) {
  uint32_t best = RangeIndex<Key>::kNone;
  Key best_size = 0;
  uint32_t best_prio = 0;
  for (const auto& r : ranges) {
    if (k < r.first || k > r.last) continue;
    const Key size = r.last - r.first;
    if (best == RangeIndex<Key>::kNone || size < best_size ||
        (size == best_size && r.priority > best_prio)) {
      best = r.value, best_size = size, best_prio = r.priority;
    }
  }
  return best;
}

TEST(RangeIndex, EmptyFindsNothing) {
  Ipv4RangeIndex index = Ipv4RangeIndex::Build({});
  EXPECT_EQ(index.Find(0), Ipv4RangeIndex::kNone);
  EXPECT_EQ(index.Find(0xffffffff), Ipv4RangeIndex::kNone);
}

TEST(RangeIndex, NestedPrefixesMostSpecificWins) {
  // 10.0.0.0/8 -> 1, 10.1.0.0/16 -> 2, 10.1.2.0/24 -> 3, non-CIDR range 10.1.2.10-10.1.2.20 -> 4
  std::vector<Ipv4RangeIndex::Range> r = {{0x0a000000, 0x0affffff, 1, 0},
                                          {0x0a010000, 0x0a01ffff, 2, 0},
                                          {0x0a010200, 0x0a0102ff, 3, 0},
                                          {0x0a01020a, 0x0a010214, 4, 0}};
  std::vector<uint32_t> parents;
  auto index = Ipv4RangeIndex::Build(r, &parents);
  EXPECT_EQ(index.Find(0x09ffffff), Ipv4RangeIndex::kNone);
  EXPECT_EQ(index.Find(0x0a000000), 1u);
  EXPECT_EQ(index.Find(0x0a010000), 2u);
  EXPECT_EQ(index.Find(0x0a010209), 3u);
  EXPECT_EQ(index.Find(0x0a01020a), 4u);
  EXPECT_EQ(index.Find(0x0a010214), 4u);
  EXPECT_EQ(index.Find(0x0a010215), 3u);
  EXPECT_EQ(index.Find(0x0a020000), 1u);
  EXPECT_EQ(index.Find(0x0b000000), Ipv4RangeIndex::kNone);
  EXPECT_EQ(parents, (std::vector<uint32_t>{Ipv4RangeIndex::kNone, 0, 1, 2}));
}

TEST(RangeIndex, EqualRangesPriorityWins) {
  std::vector<Ipv4RangeIndex::Range> r = {{100, 200, 7, 0}, {100, 200, 8, 1}};
  auto index = Ipv4RangeIndex::Build(r);
  EXPECT_EQ(index.Find(150), 8u);
}

TEST(RangeIndex, FullSpaceAndEdges) {
  std::vector<Ipv4RangeIndex::Range> r = {{0, 0xffffffff, 1, 0}, {0xffffff00, 0xffffffff, 2, 0}};
  auto index = Ipv4RangeIndex::Build(r);
  EXPECT_EQ(index.Find(0), 1u);
  EXPECT_EQ(index.Find(0xfffffeff), 1u);
  EXPECT_EQ(index.Find(0xffffffff), 2u);
  auto top = Ipv4RangeIndex::Build({{0xfffffff0, 0xfffffffe, 3, 0}});
  EXPECT_EQ(top.Find(0xfffffffe), 3u);
  EXPECT_EQ(top.Find(0xffffffff), Ipv4RangeIndex::kNone);
  auto top6 = Ipv6RangeIndex::Build({{~Uint128{0} - 5, ~Uint128{0} - 1, 3, 0}});
  EXPECT_EQ(top6.Find(~Uint128{0} - 1), 3u);
  EXPECT_EQ(top6.Find(~Uint128{0}), Ipv6RangeIndex::kNone);
}

template <typename Key>
void RandomAgainstBruteForce(int bits, uint64_t seed) {
  std::mt19937_64 rng(seed);
  using Index = RangeIndex<Key>;
  auto rand_key = [&]() {
    Key k = static_cast<Key>(rng());
    if constexpr (sizeof(Key) == 16) k = (k << 64) | rng();
    return k;
  };
  for (int round = 0; round < 20; ++round) {
    std::vector<typename Index::Range> ranges;
    const Key base = rand_key() & ~((Key{1} << (bits - 20)) - 1);  // a shared region
    for (uint32_t i = 0; i < 300; ++i) {
      int len = 4 + static_cast<int>(rng() % 24);  // prefix length inside the region
      Key mask = (Key{1} << (bits - len)) - 1;
      Key first =
          (base & ~((Key{1} << (bits - 4)) - 1)) | (rand_key() & ((Key{1} << (bits - 4)) - 1));
      first &= ~mask;
      Key last = first | mask;
      if (rng() % 4 == 0) last = first + static_cast<Key>(rng() % 1000);  // a non-CIDR range
      ranges.push_back({first, last, i, static_cast<uint32_t>(rng() % 2)});
    }
    auto index = Index::Build(ranges);
    std::vector<Key> batch;
    for (int q = 0; q < 3000; ++q) {
      Key k;
      if (q % 2 == 0) {
        const auto& r = ranges[rng() % ranges.size()];
        k = r.first + static_cast<Key>(rng() % 3) - 1;
        if (q % 4 == 0) k = r.last + static_cast<Key>(rng() % 3) - 1;
      } else {
        k = (base & ~((Key{1} << (bits - 4)) - 1)) | (rand_key() & ((Key{1} << (bits - 4)) - 1));
        if (q % 7 == 0) k = rand_key();
      }
      ASSERT_EQ(index.Find(k), BruteForce<Key>(ranges, k)) << "round " << round;
      batch.push_back(k);
    }
    std::vector<uint32_t> out(batch.size());
    index.FindBatch(batch.data(), batch.size(), out.data());
    for (size_t i = 0; i < batch.size(); ++i) ASSERT_EQ(out[i], index.Find(batch[i]));
  }
}

TEST(RangeIndex, Ipv4RandomAgainstBruteForce) { RandomAgainstBruteForce<uint32_t>(32, 1); }
TEST(RangeIndex, Ipv6RandomAgainstBruteForce) { RandomAgainstBruteForce<Uint128>(128, 2); }

}  // namespace
}  // namespace belfry
