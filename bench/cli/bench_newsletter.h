#pragma once
// The newsletter's benchmark (docs/PERFORMANCE.md):
//   belfry bench newsletter --subscribers N   `newsletter send` of one issue (20 advisories)
//                                             to N confirmed subscribers: composed, each mail
//                                             with its own links, queued in the outbox in one
//                                             transaction; beside a Python script of the
//                                             standard library doing the same (a mailing-list
//                                             script: email.message + sqlite3)

#include <cstdint>

#include "app/cli_common.h"

namespace belfry {

struct BenchNewsletterOptions {
  uint64_t subscribers = 10000;
  int runs = 5;
  bool json = false;
};

int RunBenchNewsletter(const BenchNewsletterOptions& o);

}  // namespace belfry
