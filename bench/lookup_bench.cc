// Longest-prefix lookups on 1M generated prefixes: Belfry's RangeIndex beside libmaxminddb on
// the same prefixes and the same random addresses (the .mmdb is written by MaxMind's own
// writer, bench/write_mmdb.pl). Data is cached in $BELFRY_BENCH_DIR (default
// /tmp/belfry-bench); the first run spends about a minute writing the two .mmdb files.
#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <maxminddb.h>
#include <netinet/in.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <type_traits>

#include "bench/cli/process.h"
#include "constituency/range_index.h"

namespace belfry {
namespace {

constexpr size_t kPrefixes = 1'000'000;
constexpr size_t kQueries = 1 << 20;

struct Prefix {
  Uint128 first;  // IPv4 in the low 32 bits
  int length;
};

// Prefix lengths weighted like a full BGP table (IPv4: /24 dominates; IPv6: /48 and /32).
std::vector<Prefix> Generate(bool v6, uint64_t seed) {
  static const std::vector<std::pair<int, int>> kV4 = {
      {24, 600}, {23, 100}, {22, 120}, {21, 50}, {20, 40}, {19, 30}, {18, 20},
      {17, 15},  {16, 15},  {15, 5},   {14, 3},  {13, 1},  {12, 1}};
  static const std::vector<std::pair<int, int>> kV6 = {
      {48, 500}, {32, 150}, {44, 60}, {40, 50}, {36, 30}, {29, 40}, {56, 60}, {64, 80}, {28, 30}};
  const auto& weights = v6 ? kV6 : kV4;
  std::vector<int> pool;
  for (auto [len, w] : weights) pool.insert(pool.end(), w, len);
  std::mt19937_64 rng(seed);
  std::set<std::pair<int, Uint128>> seen;
  while (seen.size() < kPrefixes) {
    const int len = pool[rng() % pool.size()];
    Uint128 a;
    if (v6) {
      a = (Uint128{0x2000000000000000ULL | (rng() >> 3)} << 64);  // 2000::/3
      a &= ~((Uint128{1} << (128 - len)) - 1);
    } else {
      a = (1u << 24) + rng() % ((223u << 24) - (1u << 24));
      a &= ~((Uint128{1} << (32 - len)) - 1);
    }
    seen.insert({len, a});
  }
  std::vector<Prefix> out;
  for (auto [len, a] : seen) out.push_back({a, len});  // less specific first
  return out;
}

std::string Format(const Prefix& p, bool v6) {
  char buf[INET6_ADDRSTRLEN];
  if (v6) {
    uint8_t b[16];
    for (int i = 0; i < 16; ++i) b[i] = static_cast<uint8_t>(p.first >> (120 - 8 * i));
    inet_ntop(AF_INET6, b, buf, sizeof buf);
  } else {
    uint32_t n = htonl(static_cast<uint32_t>(p.first));
    inet_ntop(AF_INET, &n, buf, sizeof buf);
  }
  return std::string(buf) + "/" + std::to_string(p.length);
}

struct Dataset {
  std::vector<Prefix> prefixes;
  std::vector<uint32_t> v4_queries;
  std::vector<Uint128> v6_queries;
  std::string mmdb_path;
  MMDB_s mmdb{};
  bool mmdb_open = false;
};

Dataset* Load(bool v6) {
  static Dataset* sets[2] = {nullptr, nullptr};
  if (sets[v6]) return sets[v6];
  auto* d = new Dataset;
  d->prefixes = Generate(v6, v6 ? 6 : 4);
  std::mt19937_64 rng(42);
  for (size_t i = 0; i < kQueries; ++i) {
    if (v6) {
      // Half inside a random prefix, half anywhere in 2000::/3.
      Uint128 q = (Uint128{rng()} << 64) | rng();
      if (i % 2 == 0) {
        const Prefix& p = d->prefixes[rng() % d->prefixes.size()];
        q = p.first | (q & ((Uint128{1} << (128 - p.length)) - 1));
      } else {
        q = (q >> 3) | (Uint128{1} << 125);
      }
      d->v6_queries.push_back(q);
    } else {
      d->v4_queries.push_back(static_cast<uint32_t>(rng()));
    }
  }
  const char* dir_env = std::getenv("BELFRY_BENCH_DIR");
  const std::string dir = dir_env ? dir_env : "/tmp/belfry-bench";
  std::filesystem::create_directories(dir);
  d->mmdb_path = dir + (v6 ? "/prefixes-v6.mmdb" : "/prefixes-v4.mmdb");
  if (!std::filesystem::exists(d->mmdb_path)) {
    const std::string txt = dir + (v6 ? "/prefixes-v6.txt" : "/prefixes-v4.txt");
    {
      std::ofstream out(txt);
      uint32_t asn = 1;
      for (const auto& p : d->prefixes) out << Format(p, v6) << ' ' << (asn++ % 400000 + 1) << '\n';
    }
    std::fprintf(stderr, "writing %s with MaxMind's writer...\n", d->mmdb_path.c_str());
    auto written = belfry::RunProcess({"perl", BELFRY_BENCH_SOURCE_DIR "/write_mmdb.pl", txt,
                                       d->mmdb_path + ".tmp", v6 ? "v6" : "v4"});
    std::error_code ec;
    if (written) std::filesystem::rename(d->mmdb_path + ".tmp", d->mmdb_path, ec);
    if (!written || ec) std::fprintf(stderr, "could not write the .mmdb\n");
  }
  d->mmdb_open = MMDB_open(d->mmdb_path.c_str(), MMDB_MODE_MMAP, &d->mmdb) == MMDB_SUCCESS;
  sets[v6] = d;
  return d;
}

template <typename Key>
RangeIndex<Key> BuildIndex(const std::vector<Prefix>& prefixes, int bits) {
  std::vector<typename RangeIndex<Key>::Range> ranges;
  ranges.reserve(prefixes.size());
  uint32_t id = 0;
  for (const auto& p : prefixes) {
    const Key first = static_cast<Key>(p.first);
    const Key mask = p.length == 0 ? ~Key{0} : (Key{1} << (bits - p.length)) - 1;
    ranges.push_back({first, first | mask, id++, 0});
  }
  return RangeIndex<Key>::Build(ranges);
}

// Key type, bit width and the queries of one address family.
template <bool kV6>
struct Family {
  using Key = std::conditional_t<kV6, Uint128, uint32_t>;
  static constexpr int kBits = kV6 ? 128 : 32;
  static const std::vector<Key>& Queries(const Dataset& d) {
    if constexpr (kV6) {
      return d.v6_queries;
    } else {
      return d.v4_queries;
    }
  }
};

template <bool kV6>
void BM_Build(benchmark::State& state) {
  using F = Family<kV6>;
  Dataset* d = Load(kV6);
  size_t bytes = 0;
  for (auto _ : state) {
    auto index = BuildIndex<typename F::Key>(d->prefixes, F::kBits);
    bytes = index.MemoryBytes();
    benchmark::DoNotOptimize(index);
  }
  state.counters["bytes_per_prefix"] = static_cast<double>(bytes) / kPrefixes;
  state.SetItemsProcessed(state.iterations() * kPrefixes);
}
BENCHMARK(BM_Build<false>)->Name("BM_BuildIpv4")->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Build<true>)->Name("BM_BuildIpv6")->Unit(benchmark::kMillisecond)->Iterations(3);

template <bool kV6>
void BM_LookupBelfry(benchmark::State& state) {
  using F = Family<kV6>;
  Dataset* d = Load(kV6);
  auto index = BuildIndex<typename F::Key>(d->prefixes, F::kBits);
  uint64_t hits = 0;
  for (auto _ : state) {
    for (auto q : F::Queries(*d)) hits += index.Find(q) != Ipv4RangeIndex::kNone;
  }
  benchmark::DoNotOptimize(hits);
  state.SetItemsProcessed(state.iterations() * kQueries);
}
BENCHMARK(BM_LookupBelfry<false>)->Name("BM_LookupIpv4_Belfry");
BENCHMARK(BM_LookupBelfry<true>)->Name("BM_LookupIpv6_Belfry");

// The way the pipeline can ask: a batch of events at a time.
template <bool kV6>
void BM_LookupBelfryBatch(benchmark::State& state) {
  using F = Family<kV6>;
  Dataset* d = Load(kV6);
  auto index = BuildIndex<typename F::Key>(d->prefixes, F::kBits);
  std::vector<uint32_t> out(2048);
  uint64_t hits = 0;
  for (auto _ : state) {
    for (size_t i = 0; i < kQueries; i += out.size()) {
      index.FindBatch(F::Queries(*d).data() + i, out.size(), out.data());
      for (uint32_t v : out) hits += v != Ipv4RangeIndex::kNone;
    }
  }
  benchmark::DoNotOptimize(hits);
  state.SetItemsProcessed(state.iterations() * kQueries);
}
BENCHMARK(BM_LookupBelfryBatch<false>)->Name("BM_LookupIpv4_BelfryBatch");
BENCHMARK(BM_LookupBelfryBatch<true>)->Name("BM_LookupIpv6_BelfryBatch");

template <bool kV6>
void BM_LookupLibmaxminddb(benchmark::State& state) {
  Dataset* d = Load(kV6);
  if (!d->mmdb_open)
    return state.SkipWithError("no .mmdb (is libmaxmind-db-writer-perl installed?)");
  sockaddr_storage storage{};
  auto* sa4 = reinterpret_cast<sockaddr_in*>(&storage);
  auto* sa6 = reinterpret_cast<sockaddr_in6*>(&storage);
  storage.ss_family = kV6 ? AF_INET6 : AF_INET;
  uint64_t hits = 0;
  for (auto _ : state) {
    for (auto q : Family<kV6>::Queries(*d)) {
      if constexpr (kV6) {
        for (int i = 0; i < 16; ++i)
          sa6->sin6_addr.s6_addr[i] = static_cast<uint8_t>(q >> (120 - 8 * i));
      } else {
        sa4->sin_addr.s_addr = htonl(q);
      }
      int err = 0;
      MMDB_lookup_result_s r =
          MMDB_lookup_sockaddr(&d->mmdb, reinterpret_cast<sockaddr*>(&storage), &err);
      hits += r.found_entry;
    }
  }
  benchmark::DoNotOptimize(hits);
  state.SetItemsProcessed(state.iterations() * kQueries);
}
BENCHMARK(BM_LookupLibmaxminddb<false>)->Name("BM_LookupIpv4_Libmaxminddb");
BENCHMARK(BM_LookupLibmaxminddb<true>)->Name("BM_LookupIpv6_Libmaxminddb");

}  // namespace
}  // namespace belfry

BENCHMARK_MAIN();
