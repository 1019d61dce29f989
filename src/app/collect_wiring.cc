#include "app/collect_wiring.h"

#include <fmt/format.h>

#include <filesystem>

#include "app/builtin_registries.h"

namespace belfry {

Result<std::unique_ptr<Source>> MakeSource(const FeedConfig& feed) {
  if (feed.source.kind.empty())
    return Fail(Error::InvalidConfig(fmt::format("feed '{}' has no source", feed.name)));
  return BuiltinSources().Make(feed.source.kind);
}

std::string SpoolRoot(const Config& config, const std::string& db_path) {
  if (!config.collect.spool.empty()) return config.collect.spool;
  auto parent = std::filesystem::path(db_path).parent_path();
  return (parent.empty() ? std::filesystem::path("spool") : parent / "spool").string();
}

Result<std::unique_ptr<CollectWiring>> WireCollector(const Config& config, const Common& common) {
  auto w = std::make_unique<CollectWiring>();
  auto ctx = IngestContext::Open(config, common);
  if (!ctx) return Fail(ctx.error());
  w->ingest = std::move(*ctx);
  auto ledger = SqliteReportLedger::Open(w->ingest->db_path());
  if (!ledger) return Fail(ledger.error());
  w->ledger = std::move(*ledger);
  w->spool = std::make_unique<Spool>(SpoolRoot(config, w->ingest->db_path()), w->clock);
  IngestContext* ingest = w->ingest.get();
  const std::string dead_letter = common.dead_letter;
  auto ingest_fn = [ingest, dead_letter](const FeedConfig& feed,
                                         const SpooledFile& file) -> Result<IngestSummary> {
    IngestJob job;
    job.feed = feed.name;
    job.files = {file.path};
    job.file_names = {file.name};
    job.dead_letter = dead_letter;
    return ingest->Run(job);
  };
  w->collector =
      std::make_unique<Collector>(config.collect, *w->ledger, *w->spool, w->clock, ingest_fn, MakeSource);
  return w;
}

}  // namespace belfry
