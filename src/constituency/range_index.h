#pragma once
// Longest-prefix (most specific range) match over IPv4 or IPv6 keys.
//
// Hand-written because it is the constituency's hot path: every event asks it once or twice,
// and RIPE data mixes CIDRs with inetnum ranges that are not one CIDR, which tries and
// libmaxminddb cannot hold. Ranges (a CIDR is a range) are flattened into the sorted
// boundaries of elementary intervals, each carrying the most specific range that covers it;
// a direct-indexed table on the key's top bits narrows the search to a few boundaries.
// Immutable once built: readers share it without locks.

#include <algorithm>
#include <bit>
#include <cstdint>
#include <queue>
#include <vector>

#include "core/huge_page_allocator.h"

namespace belfry {

using Uint128 = unsigned __int128;

template <typename Key>
class RangeIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;
  static constexpr int kKeyBits = sizeof(Key) * 8;

  struct Range {
    Key first = 0;
    Key last = 0;
    uint32_t value = kNone;
    // Between two ranges of the same size, the higher priority wins (manual over imported).
    uint32_t priority = 0;
  };

  RangeIndex() { Clear(); }

  // Most specific wins: the smallest range containing the key; ranges may nest and overlap.
  // `parents`, when given, receives for each input range the index of the smallest other range
  // containing it entirely (kNone if none): what RIPE calls the less specific object.
  static RangeIndex Build(const std::vector<Range>& ranges,
                          std::vector<uint32_t>* parents = nullptr);

  // The value of the most specific range containing `key`, kNone if none does.
  uint32_t Find(Key key) const {
    if constexpr (kPacked) {
      // One random read: the key's bucket holds its first boundaries itself.
      if (region_bits_ == 0 || (key >> (kKeyBits - region_bits_)) == region_) {
        const InlineBucket& bk = inline_[Bucket(key)];
        if (bk.e[0] != kOverflow) {
          const uint64_t probe = (uint64_t{key} << 32) | 0xffffffffu;
          const size_t n = (bk.e[1] <= probe) + (bk.e[2] <= probe) + (bk.e[3] <= probe);
          return static_cast<uint32_t>(bk.e[n]);
        }
        return FindIn(key, static_cast<size_t>(bk.e[1]), static_cast<size_t>(bk.e[2]));
      }
    }
    size_t lo, hi;
    Span(key, &lo, &hi);
    return FindIn(key, lo, hi);
  }

  // Find() over a batch: prefetches the table and the boundaries a few keys ahead, so that
  // the memory latency of one key overlaps the work on the others.
  void FindBatch(const Key* keys, size_t n, uint32_t* out) const {
    constexpr size_t kAhead = 8;
    if constexpr (kPacked) {
      // One read a key: prefetch its bucket kAhead keys ahead.
      for (size_t i = 0; i < n; ++i) {
        if (i + 2 * kAhead < n)
          __builtin_prefetch(inline_.data() + SafeBucket(keys[i + 2 * kAhead]));
        out[i] = Find(keys[i]);
      }
      return;
    }
    for (size_t i = 0; i < n; ++i) {
      if (i + 2 * kAhead < n) __builtin_prefetch(table_.data() + SafeBucket(keys[i + 2 * kAhead]));
      if (i + kAhead < n) {
        size_t lo, hi;
        Span(keys[i + kAhead], &lo, &hi);
        if constexpr (kPacked) {
          __builtin_prefetch(packed_.data() + lo);
        } else {
          __builtin_prefetch(keys_.data() + lo);
          __builtin_prefetch(values_.data() + lo);
        }
      }
      out[i] = Find(keys[i]);
    }
  }

  size_t boundaries() const { return count_; }
  size_t MemoryBytes() const {
    return keys_.capacity() * sizeof(Key) + values_.capacity() * 4 + table_.capacity() * 4 +
           packed_.capacity() * 8 + inline_.capacity() * sizeof(InlineBucket);
  }

 private:
  // The boundaries [lo, hi] among which the key's interval starts.
  void Span(Key key, size_t* lo, size_t* hi) const {
    if (region_bits_ != 0 && (key >> (kKeyBits - region_bits_)) != region_) {
      *lo = *hi = (key >> (kKeyBits - region_bits_)) < region_ ? 0 : boundaries() - 1;
    } else {
      const size_t b = Bucket(key);
      *lo = table_[b];
      *hi = table_[b + 1];
    }
  }
  size_t SafeBucket(Key key) const {
    if (region_bits_ != 0 && (key >> (kKeyBits - region_bits_)) != region_) return 0;
    return Bucket(key);
  }
  uint32_t FindIn(Key key, size_t lo, size_t hi) const {
    // Buckets hold about two boundaries: count the first kWindow after `lo` without branches
    // (the array is padded, and boundaries past the bucket are all greater than the key);
    // only a crowded bucket takes the binary search.
    if constexpr (kPacked) {
      const uint64_t probe = (uint64_t{key} << 32) | 0xffffffffu;
      const uint64_t* p = packed_.data();
      if (hi - lo <= kWindow) {
        size_t n = 0;
        for (size_t j = 1; j <= kWindow; ++j) n += p[lo + j] <= probe;
        n = std::min(n, hi - lo);  // the padding equals the all-ones key
        return static_cast<uint32_t>(p[lo + n]);
      }
      lo = static_cast<size_t>(std::upper_bound(p + lo + 1, p + hi + 1, probe) - p) - 1;
      return static_cast<uint32_t>(p[lo]);
    } else {
      const Key* keys = keys_.data();
      if (hi - lo <= kWindow) {
        size_t n = 0;
        for (size_t j = 1; j <= kWindow; ++j) n += keys[lo + j] <= key;
        n = std::min(n, hi - lo);
        return values_[lo + n];
      }
      lo = static_cast<size_t>(std::upper_bound(keys + lo + 1, keys + hi + 1, key) - keys) - 1;
      return values_[lo];
    }
  }

  // IPv4: key and value share one 64-bit word, so a probe touches one cache line.
  static constexpr bool kPacked = sizeof(Key) == 4;
  // IPv4 buckets inline: the boundary in force at the bucket's start and the next three
  // (padded with copies of the last), so that a lookup reads one 32-byte bucket and nothing else.
  // A crowded bucket (more than three boundaries) says kOverflow in e[0] and keeps the
  // span of the boundary array in e[1] and e[2] (about one bucket in seven).
  struct alignas(32) InlineBucket {
    uint64_t e[4];
  };
  static constexpr uint64_t kOverflow = ~uint64_t{0};
  static constexpr size_t kWindow = 4;
  template <typename T>
  using Array = std::vector<T, HugePageAllocator<T>>;

  void Clear() {
    keys_.assign(1, 0);
    values_.assign(1, kNone);
    table_.assign(2, 0);
    packed_.clear();
    Seal();
    region_bits_ = 0;
    region_ = 0;
    bucket_bits_ = 0;
  }
  size_t Bucket(Key key) const {
    if (bucket_bits_ == 0) return 0;
    return static_cast<size_t>((key << region_bits_) >> (kKeyBits - bucket_bits_));
  }
  void BuildTable();
  void BuildInline() {
    inline_.assign(table_.size() > 0 ? table_.size() - 1 : 0, InlineBucket{});
    for (size_t b = 0; b + 1 < table_.size(); ++b) {
      const size_t lo = table_[b], hi = table_[b + 1];
      InlineBucket& bk = inline_[b];
      // A real first entry equal to kOverflow (a boundary at the last address with no value)
      // takes the overflow form too.
      if (hi - lo > 3 || packed_[lo] == kOverflow) {
        bk.e[0] = kOverflow;
        bk.e[1] = lo;
        bk.e[2] = hi;
        bk.e[3] = 0;
        continue;
      }
      // Padded with copies of the last entry: a probe past it (up to the last address)
      // counts the copies and still lands on its value.
      for (size_t j = 0; j < 4; ++j) bk.e[j] = packed_[lo + std::min(j, hi - lo)];
    }
  }
  // Ends the arrays with kWindow maximal keys, which no probe passes.
  void Seal() {
    count_ = keys_.size();
    if constexpr (kPacked) {
      packed_.resize(count_ + kWindow, ~uint64_t{0});
      for (size_t i = 0; i < count_; ++i) packed_[i] = (uint64_t{keys_[i]} << 32) | values_[i];
      Array<Key>().swap(keys_);
      Array<uint32_t>().swap(values_);
      BuildInline();
    } else {
      keys_.resize(count_ + kWindow, static_cast<Key>(~Key{0}));
      values_.resize(count_ + kWindow, kNone);
      keys_.shrink_to_fit();
      values_.shrink_to_fit();
    }
  }

  Array<Key> keys_;             // boundary i starts interval i; keys_[0] == 0
  Array<uint32_t> values_;      // value of interval i
  Array<uint64_t> packed_;      // IPv4: key << 32 | value, replacing keys_ and values_
  Array<uint32_t> table_;       // bucket b: last boundary <= the bucket's first key
  Array<InlineBucket> inline_;  // IPv4: the buckets with their boundaries (BuildInline)
  size_t count_ = 0;            // boundaries, without the padding
  // Keys above boundary 0 all share their top `region_bits_` bits (`region_`); keys outside
  // that region are answered by the first or the last interval.
  int region_bits_ = 0;
  Key region_ = 0;
  int bucket_bits_ = 0;
};

using Ipv4RangeIndex = RangeIndex<uint32_t>;
using Ipv6RangeIndex = RangeIndex<Uint128>;

template <typename Key>
RangeIndex<Key> RangeIndex<Key>::Build(const std::vector<Range>& ranges,
                                       std::vector<uint32_t>* parents) {
  RangeIndex index;
  const size_t n = ranges.size();
  std::vector<uint32_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>(i);
  auto smaller = [&](uint32_t a, uint32_t b) {  // a more specific than b
    const Key sa = ranges[a].last - ranges[a].first, sb = ranges[b].last - ranges[b].first;
    if (sa != sb) return sa < sb;
    if (ranges[a].priority != ranges[b].priority) return ranges[a].priority > ranges[b].priority;
    return a < b;  // deterministic: the earlier range wins a tie
  };
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (ranges[a].first != ranges[b].first) return ranges[a].first < ranges[b].first;
    return smaller(b, a);  // less specific first, so a parent precedes its children
  });

  if (parents) {
    // Containment stack: ranges sorted by start, outermost first.
    parents->assign(n, kNone);
    std::vector<uint32_t> stack;
    for (uint32_t r : order) {
      while (!stack.empty() && ranges[stack.back()].last < ranges[r].first) stack.pop_back();
      while (!stack.empty() && ranges[stack.back()].last < ranges[r].last) stack.pop_back();
      if (!stack.empty()) (*parents)[r] = stack.back();
      stack.push_back(r);
    }
  }

  // Sweep over the boundaries: starts (in `order`) and ends+1 (sorted separately). The heap
  // holds the ranges that have started, most specific on top; ended ones leave lazily.
  std::vector<Key> ends;
  ends.reserve(n);
  for (const Range& r : ranges) {
    if (r.last != static_cast<Key>(~Key{0})) ends.push_back(r.last + 1);
  }
  std::sort(ends.begin(), ends.end());
  auto heap_less = [&](uint32_t a, uint32_t b) { return smaller(b, a); };
  std::priority_queue<uint32_t, std::vector<uint32_t>, decltype(heap_less)> active(heap_less);

  index.keys_.clear();
  index.values_.clear();
  index.keys_.reserve(2 * n + 1);
  index.values_.reserve(2 * n + 1);
  size_t si = 0, ei = 0;
  Key point = 0;
  while (true) {
    while (si < n && ranges[order[si]].first == point) active.push(order[si++]);
    while (!active.empty() && ranges[active.top()].last < point) active.pop();
    const uint32_t value = active.empty() ? kNone : ranges[active.top()].value;
    if (index.values_.empty() || index.values_.back() != value) {
      index.keys_.push_back(point);
      index.values_.push_back(value);
    }
    while (ei < ends.size() && ends[ei] <= point) ++ei;
    bool have_next = false;
    Key next = 0;
    if (si < n) next = ranges[order[si]].first, have_next = true;
    if (ei < ends.size() && (!have_next || ends[ei] < next)) next = ends[ei], have_next = true;
    if (!have_next) break;
    point = next;
  }
  if (index.keys_.front() != 0) {  // cannot happen: the sweep starts at 0
    index.keys_.insert(index.keys_.begin(), 0);
    index.values_.insert(index.values_.begin(), kNone);
  }
  index.BuildTable();
  index.Seal();
  return index;
}

template <typename Key>
void RangeIndex<Key>::BuildTable() {
  const size_t m = keys_.size();
  region_bits_ = 0;
  region_ = 0;
  if (m > 1) {
    const Key diff = keys_[1] ^ keys_.back();
    int common = 0;
    if constexpr (sizeof(Key) == 16) {
      const uint64_t hi = static_cast<uint64_t>(diff >> 64), lo = static_cast<uint64_t>(diff);
      common = hi ? std::countl_zero(hi) : 64 + (lo ? std::countl_zero(lo) : 64);
    } else {
      common = diff ? std::countl_zero(diff) : kKeyBits;
    }
    region_bits_ = std::min(common, kKeyBits - 1);
    if (region_bits_ > 0) region_ = keys_[1] >> (kKeyBits - region_bits_);
  }
  // About two boundaries a bucket: the scan then reads one cache line.
  int bits = 1;
  while ((size_t{1} << bits) < m / 2 && bits < 24) ++bits;
  bucket_bits_ = std::min(bits, kKeyBits - region_bits_);
  const size_t buckets = size_t{1} << bucket_bits_;
  table_.assign(buckets + 1, 0);
  size_t i = 0;
  for (size_t b = 0; b <= buckets; ++b) {
    // First key of bucket b inside the region (b == buckets: one past the region's end).
    if (b == buckets) {
      table_[b] = static_cast<uint32_t>(m - 1);
      break;
    }
    Key start = static_cast<Key>(b) << (kKeyBits - region_bits_ - bucket_bits_);
    if (region_bits_ > 0) start |= region_ << (kKeyBits - region_bits_);
    while (i + 1 < m && keys_[i + 1] <= start) ++i;
    table_[b] = static_cast<uint32_t>(i);
  }
}

}  // namespace belfry
