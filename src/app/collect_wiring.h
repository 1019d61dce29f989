#pragma once
// The collectors wired to the service root's store, ledger and ingest context, with a
// spool: what `collect`, `run` and `bench collect` share.

#include <memory>
#include <string>

#include "app/ingest_context.h"
#include "app/services.h"
#include "collect/collector.h"
#include "collect/spool.h"

namespace belfry {

struct CollectWiring {
  Services* services = nullptr;
  IngestContext* ingest = nullptr;
  ReportLedger* ledger = nullptr;
  std::unique_ptr<Spool> spool;
  std::unique_ptr<Collector> collector;
};

Result<std::unique_ptr<CollectWiring>> WireCollector(Services& services);
Result<std::unique_ptr<Source>> MakeSource(const FeedConfig& feed);
// [collect] spool, else spool/ beside the database.
std::string SpoolRoot(const Config& config, const std::string& db_path);

}  // namespace belfry
