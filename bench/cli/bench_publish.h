#pragma once
// The publications' benchmark (docs/PERFORMANCE.md):
//   belfry bench publish --advisories N   `advisory publish` of one advisory with N published
//                                         ones stored (its pages, feeds, CSAF files and the
//                                         provider's listings regenerated), beside
//                                         `advisory site`, the whole site rebuilt: what a
//                                         static site generator does on every change

#include <cstdint>
#include <string>

#include "app/cli_common.h"

namespace belfry {

struct BenchPublishOptions {
  uint64_t advisories = 10000;
  int runs = 5;
  std::string dir;
  bool json = false;
};

int RunBenchPublish(const BenchPublishOptions& o);

struct BenchMatchOptions {
  uint64_t products = 50000;
  int runs = 5;
  bool json = false;
};

int RunBenchMatch(const BenchMatchOptions& o);

}  // namespace belfry
