#pragma once
// Constituency benchmarks: `belfry bench ripe-import` (a generated RIPE-sized dump through the
// RPSL importer, beside a minimal Python importer on a slice of it), and the generated
// constituency that `belfry bench ingest --enrich` routes against.

#include <cstdint>
#include <string>

#include "app/config.h"
#include "constituency/constituency_store.h"
#include "core/result.h"

namespace belfry {

struct RipeBenchOptions {
  uint64_t objects = 5'500'000;
  uint64_t baseline_objects = 500'000;  // the Python importer's slice (0 = none)
  std::string dir;
  bool json = false;
};

// Writes a gzip RPSL dump shaped like the RIPE split files: inetnum, inet6num, route, route6,
// organisation, role, aut-num and some classes the importer skips, with the attribute mix of
// real objects (descr, admin-c, mnt-by, created ...). Deterministic for a given N.
Status WriteSyntheticRipeDump(const std::string& path, uint64_t objects);

// Fills the store with `networks` organisation networks (nested, realistic prefix lengths,
// 1 in 4 with its own abuse mailbox), their organisations, and the documentation ranges
// as constituents, for routing benchmarks.
Status WriteBenchConstituency(ConstituencyStore* store, uint64_t networks);

int RunBenchRipeImport(const Config& config, const RipeBenchOptions& options);

}  // namespace belfry
