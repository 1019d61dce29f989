#pragma once
// `belfry bench collect`: the cost of collecting. One generated Shadowserver report is
// ingested directly (the baseline, in the same run) and then collected through real
// sources: a watched folder (plain and gzip), a Maildir holding a report mail with a zipped
// attachment, and an HTTP download from the loopback test server when it is available.

#include <cstdint>
#include <string>

#include "app/config.h"

namespace belfry {

struct BenchCollectOptions {
  uint64_t rows = 1000000;
  std::string dir;  // work directory ("" = a fresh temporary one, removed)
  std::string server_script = "tests/servers/feed_server.py";  // "" = no HTTP variant
  bool json = false;
};

int RunBenchCollect(const Config& config, const BenchCollectOptions& options);

}  // namespace belfry
