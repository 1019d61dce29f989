#pragma once
// Runs a feed's collector once: takes what its source delivers, skips what was ingested
// before (same checksum for the feed), ingests the rest report by report and records each
// one in the ledger, then the feed's state (last success, last error, next run).

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "collect/feed_config.h"
#include "collect/report_ledger.h"
#include "collect/source.h"
#include "collect/spool.h"
#include "core/clock.h"
#include "pipeline/ingest_pipeline.h"

namespace belfry {

// Ingests one spooled report for a feed. Errors are failures of the machinery (the store);
// a report that cannot be parsed comes back as a summary with failed_files.
using ReportIngester =
    std::function<Result<IngestSummary>(const FeedConfig& feed, const SpooledFile& report)>;
using SourceFactory = std::function<Result<std::unique_ptr<Source>>(const FeedConfig& feed)>;

struct FeedRunResult {
  std::string feed;
  bool ok = true;
  bool busy = false;  // another process is collecting this feed; nothing was done
  std::string error;
  uint64_t reports = 0;  // ingested in this run
  uint64_t skipped = 0;  // already ingested before (same checksum)
  uint64_t failed = 0;   // reports or deliveries that could not be ingested
  uint64_t events = 0, duplicates = 0, rejected = 0;
  int64_t next_run = 0;
  double seconds = 0;
};

class Collector {
 public:
  Collector(const CollectConfig& config, ReportLedger& ledger, Spool& spool, const Clock& clock,
            ReportIngester ingest, SourceFactory sources)
      : config_(config),
        ledger_(ledger),
        spool_(spool),
        clock_(clock),
        ingest_(std::move(ingest)),
        sources_(std::move(sources)) {}

  // Runs `feed` now. `stop` (may be null) asks it to settle the current delivery and return.
  FeedRunResult RunFeed(const FeedConfig& feed, const std::atomic<bool>* stop);
  // When the feed is next due, from its state.
  Result<int64_t> NextRun(const FeedConfig& feed);

 private:
  Verdict HandleDelivery(const FeedConfig& feed, Delivery& d, FeedRunResult* r, Status* fatal,
                         const std::atomic<bool>* stop);
  // Ingests one ledger entry already recorded as pending.
  Status IngestEntry(const FeedConfig& feed, LedgerEntry* e, const SpooledFile& file,
                     FeedRunResult* r);
  CollectConfig config_;
  ReportLedger& ledger_;
  Spool& spool_;
  const Clock& clock_;
  ReportIngester ingest_;
  SourceFactory sources_;
};

}  // namespace belfry
