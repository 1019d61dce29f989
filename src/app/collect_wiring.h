#pragma once
// The collectors wired to the real store, ledger, spool and sources: what `collect`, `run`
// and `bench collect` share.

#include <memory>
#include <string>

#include "app/cli_common.h"
#include "app/ingest_context.h"
#include "collect/collector.h"
#include "store/backends/sqlite/sqlite_report_ledger.h"

namespace belfry {

struct CollectWiring {
  std::unique_ptr<IngestContext> ingest;
  std::unique_ptr<SqliteReportLedger> ledger;
  std::unique_ptr<Spool> spool;
  std::unique_ptr<Collector> collector;
  SystemClock clock;
};

Result<std::unique_ptr<CollectWiring>> WireCollector(const Config& config, const Common& common);
Result<std::unique_ptr<Source>> MakeSource(const FeedConfig& feed);
// [collect] spool, else spool/ beside the database.
std::string SpoolRoot(const Config& config, const std::string& db_path);

}  // namespace belfry
