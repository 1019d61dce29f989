#include "app/collect_wiring.h"

#include <fmt/format.h>

#include <filesystem>

#include "app/builtin_registries.h"
#include "app/vuln_commands.h"

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

Result<std::unique_ptr<CollectWiring>> WireCollector(Services& services) {
  auto w = std::make_unique<CollectWiring>();
  w->services = &services;
  auto ingest = services.ingest();
  if (!ingest) return Fail(ingest.error());
  w->ingest = *ingest;
  auto ledger = services.ledger();
  if (!ledger) return Fail(ledger.error());
  w->ledger = *ledger;
  const Config& config = services.config();
  w->spool = std::make_unique<Spool>(SpoolRoot(config, services.db_path()), services.clock());
  IngestContext* ctx = w->ingest;
  const std::string dead_letter = services.common().dead_letter;
  Services* sp = &services;
  auto ingest_fn = [ctx, dead_letter, sp](const FeedConfig& feed,
                                          const SpooledFile& file) -> Result<IngestSummary> {
    // A vendor's CSAF advisory is no event: it joins the vulnerability catalogue and is
    // matched against the constituents' products (vuln_commands.h).
    if (feed.parser == "csaf") return ImportCollectedCsaf(*sp, file.path, file.name);
    IngestJob job;
    job.feed = feed.name;
    job.files = {file.path};
    job.file_names = {file.name};
    job.file_sha256 = {file.sha256};
    job.dead_letter = dead_letter;
    auto r = ctx->Run(job);
    // Stopped early (a full disk): the report is tried again; what was stored is not doubled.
    if (r && !r->error.empty()) return Fail(Error::Io(r->error));
    return r;
  };
  w->collector = std::make_unique<Collector>(config.collect, *w->ledger, *w->spool,
                                             services.clock(), ingest_fn, MakeSource);
  return w;
}

}  // namespace belfry
