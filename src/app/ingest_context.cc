#include "app/ingest_context.h"

#include <spdlog/spdlog.h>

#include "app/services.h"

namespace belfry {

Result<GeoExpert> OpenGeo(const Config& config, const Common& c) {
  std::vector<std::string> paths = config.enrich.mmdb;
  paths.insert(paths.end(), c.mmdb.begin(), c.mmdb.end());
  return GeoExpert::Open(paths);
}

Result<std::unique_ptr<IngestContext>> IngestContext::Open(Services& services) {
  const Config& config = services.config();
  std::unique_ptr<IngestContext> ctx(new IngestContext(config, services.clock()));
  ctx->db_path_ = services.db_path();
  auto schema = services.shadowserver_schema();
  if (!schema) return Fail(schema.error());
  ctx->schema_ = *schema;
  auto store = services.events();
  if (!store) return Fail(store.error());
  ctx->store_ = *store;
  auto geo = OpenGeo(config, services.common());
  if (!geo) return Fail(geo.error());
  ctx->geo_ = std::make_unique<GeoExpert>(std::move(*geo));
  // Routing reads the constituency tables of the same database.
  auto holder = services.constituency();
  if (!holder) return Fail(holder.error());
  ctx->holder_ = *holder;
  return ctx;
}

Result<IngestSummary> IngestContext::Run(const IngestJob& job) {
  auto setup = MakeFeed(config_, job.feed, job.report_type, schema_);
  if (!setup) return Fail(setup.error());
  IngestPipeline pipeline(config_.ingest_options(), clock_, store_);
  EnrichmentStages stages;
  stages.geo = geo_->empty() ? nullptr : geo_.get();
  stages.constituency = config_.enrich.routing ? holder_ : nullptr;
  if (const FeedConfig* fc = config_.FindFeed(job.feed)) {
    stages.route_destination = fc->route_on == "destination";
    stages.destination_feed_names = fc->route_on_destination_for;
  }
  pipeline.SetEnrichment(stages);
  if (job.progress) pipeline.SetProgress(job.progress);
  if (job.tlp) setup->info.tlp = job.tlp;
  IngestRequest req;
  req.files = job.files;
  req.file_names = job.file_names;
  req.file_sha256 = job.file_sha256;
  req.feed = setup->info;
  req.feed_label = job.feed;
  req.dead_letter_path = DeadLetterPath(job);
  return pipeline.Run(req, setup->parser.get());
}

}  // namespace belfry
