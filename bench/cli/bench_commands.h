#pragma once
// `belfry bench …` and `belfry sample …`: the benchmarks of docs/PERFORMANCE.md as verbs of
// the production binary, kept in their own library (bench/cli).

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "app/cli_common.h"
#include "bench/cli/bench_collect.h"
#include "bench/cli/bench_constituency.h"
#include "bench/cli/bench_ingest.h"
#include "bench/cli/bench_notify.h"
#include "bench/cli/bench_newsletter.h"
#include "bench/cli/bench_publish.h"
#include "bench/cli/bench_tracker.h"

namespace belfry {

struct BenchCli {
  CLI::App* ingest = nullptr;
  CLI::App* ripe = nullptr;
  CLI::App* collect = nullptr;
  CLI::App* sample_scan = nullptr;
  CLI::App* tickets = nullptr;
  CLI::App* gateway = nullptr;
  CLI::App* observables = nullptr;
  CLI::App* notify = nullptr;
  CLI::App* publish = nullptr;
  BenchPublishOptions popt;
  CLI::App* match = nullptr;
  BenchMatchOptions mopt;
  CLI::App* newsletter = nullptr;
  BenchNewsletterOptions nlopt;
  BenchNotifyOptions nopt;
  bool notify_no_baseline = false;
  BenchTrackerOptions topt;
  BenchOptions bopt;
  RipeBenchOptions ropt;
  BenchCollectOptions copt;
  bool no_baseline = false;
  std::string sample_out;
  uint64_t sample_rows = 1000;
};

void AddBenchCommands(CLI::App* app, BenchCli* cli);
std::optional<int> RunBenchCommand(BenchCli& cli, const Config& config, bool json,
                                   const char* argv0);

}  // namespace belfry
