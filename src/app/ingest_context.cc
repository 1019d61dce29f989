#include "app/ingest_context.h"

#include <spdlog/spdlog.h>

namespace belfry {

Result<GeoExpert> OpenGeo(const Config& config, const Common& c) {
  std::vector<std::string> paths = config.enrich.mmdb;
  paths.insert(paths.end(), c.mmdb.begin(), c.mmdb.end());
  return GeoExpert::Open(paths);
}

Result<std::unique_ptr<IngestContext>> IngestContext::Open(const Config& config, const Common& c) {
  std::unique_ptr<IngestContext> ctx(new IngestContext(config));
  ctx->db_path_ = StorePath(config, c);
  auto schema = ShadowserverSchemaSource::Create(config.shadowserver_schema);
  if (!schema) return Fail(schema.error());
  ctx->schema_ = *schema;
  auto store = SqliteEventStore::Open(ctx->db_path_, config.store.max_segments);
  if (!store) return Fail(store.error());
  ctx->store_ = std::move(*store);
  auto geo = OpenGeo(config, c);
  if (!geo) return Fail(geo.error());
  ctx->geo_ = std::make_unique<GeoExpert>(std::move(*geo));
  // Routing reads the constituency tables of the same database.
  auto cstore = SqliteConstituencyStore::Open(ctx->db_path_);
  if (!cstore) return Fail(cstore.error());
  ctx->cstore_ = std::move(*cstore);
  ctx->holder_ = std::make_unique<ConstituencyHolder>(ctx->cstore_.get(), config.constituency);
  if (auto loaded = ctx->holder_->Refresh(); !loaded) return Fail(loaded.error());
  // A constituency import during a long ingest (or a long `belfry run`) is picked up at the
  // next batch.
  ctx->holder_->StartWatching(std::chrono::seconds(10), [](const Error& e) {
    spdlog::warn("constituency index not rebuilt: {}; the previous one stays in use", e.message());
  });
  return ctx;
}

IngestContext::~IngestContext() {
  if (holder_) holder_->StopWatching();
}

Result<IngestSummary> IngestContext::Run(const IngestJob& job) {
  auto setup = MakeFeed(config_, job.feed, job.report_type, schema_);
  if (!setup) return Fail(setup.error());
  IngestPipeline pipeline(config_.ingest_options(), clock_, store_.get());
  EnrichmentStages stages;
  stages.geo = geo_->empty() ? nullptr : geo_.get();
  stages.constituency = config_.enrich.routing ? holder_.get() : nullptr;
  if (const FeedConfig* fc = config_.FindFeed(job.feed)) {
    stages.route_destination = fc->route_on == "destination";
    stages.destination_feed_names = fc->route_on_destination_for;
  }
  pipeline.SetEnrichment(stages);
  if (job.progress) pipeline.SetProgress(job.progress);
  IngestRequest req;
  req.files = job.files;
  req.file_names = job.file_names;
  req.feed = setup->info;
  req.feed_label = job.feed;
  req.dead_letter_path = DeadLetterPath(job);
  return pipeline.Run(req, setup->parser.get());
}

}  // namespace belfry
