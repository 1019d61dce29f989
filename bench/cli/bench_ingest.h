#pragma once
// `belfry bench ingest`: measures ingest of a generated Shadowserver scan report as a user
// runs it — the whole `belfry ingest FILE` process — against the simplest loader a user
// would write in Python (sqlite3.connect, csv.reader, executemany, one commit, default
// settings) on the same file: alternating runs, median wall time and CPU seconds of each.

#include <cstdint>
#include <string>
#include <vector>

#include "app/config.h"
#include "core/result.h"

namespace belfry {

struct BenchOptions {
  uint64_t rows = 1000000;
  std::string dir;  // work directory ("" = a fresh temporary one)
  bool baseline = true;
  int runs = 3;  // alternating runs of each side; the median is reported
  bool json = false;
  bool keep = false;
  // Also ingest with every enrichment stage on (ASN/geo from `mmdb`, time sanity, routing
  // against a generated constituency of `networks` networks) and report the ratio.
  bool enrich = false;
  uint64_t networks = 1'000'000;
  std::vector<std::string> mmdb;
};

// Writes a realistic N-row scan_http report (Shadowserver's column list, documentation
// address ranges, plausible values). Deterministic for a given N.
Status WriteSampleScanReport(const std::string& path, uint64_t rows);

int RunBenchIngest(const Config& config, const BenchOptions& options, const std::string& self_exe);

}  // namespace belfry
