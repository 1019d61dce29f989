#pragma once
// The tracker's benchmarks (docs/PERFORMANCE.md):
//   belfry bench tickets --tickets N      `ticket list` and `stats` on N generated tickets,
//                                         beside the plain sqlite3 queries that walk rows
//   belfry bench mail-gateway --messages N  a Maildir batch through `mail-gateway`, beside
//                                         one process per mail (an MTA pipe, rt-mailgate)
//   belfry bench observables --mb N       extraction over generated log text, beside
//                                         `grep -oE` of an IPv4 pattern over the same file

#include <cstdint>
#include <string>

#include "app/cli_common.h"

namespace belfry {

struct BenchTrackerOptions {
  uint64_t tickets = 1000000;
  uint64_t messages = 5000;
  uint64_t baseline_messages = 300;
  uint64_t megabytes = 200;
  int runs = 5;
  std::string dir;
  bool json = false;
};

int RunBenchTickets(const BenchTrackerOptions& o, const char* argv0);
int RunBenchMailGateway(const BenchTrackerOptions& o, const char* argv0);
int RunBenchObservables(const BenchTrackerOptions& o);
// Generated log text (sshd, web server and mail logs with addresses, URLs, mail addresses).
std::string GenerateLogText(size_t bytes, uint64_t seed);

}  // namespace belfry
