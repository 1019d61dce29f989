#pragma once
// Everything an ingest needs, opened once: the event store, the routing index (watched for
// constituency changes), the ASN/geo databases and the Shadowserver schema. Used by
// `ingest` for the files it is given and by the collectors for each report they fetch.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/cli_common.h"
#include "app/feed_factory.h"
#include "constituency/constituency_holder.h"
#include "core/clock.h"
#include "enrich/geo_expert.h"
#include "model/tlp.h"
#include "pipeline/ingest_pipeline.h"
#include "store/event_store.h"

namespace belfry {

struct IngestJob {
  std::string feed;         // configured feed name, or shadowserver / intelmq-json
  std::string report_type;  // "" = the feed's, or from the file name
  std::vector<std::string> files, file_names;
  std::vector<std::string> file_sha256;  // known checksums (spooled files); "" = computed
  std::string dead_letter;  // "" = beside the database
  std::optional<Tlp> tlp;   // the label of events that carry none (else the feed's)
  std::function<void(const IngestProgress&)> progress;
};

class Services;

class IngestContext {
 public:
  // Takes the store, routing index and schema from the service root; opens the mmdb files.
  static Result<std::unique_ptr<IngestContext>> Open(Services& services);
  Result<IngestSummary> Run(const IngestJob& job);
  const std::string& db_path() const { return db_path_; }
  std::string DeadLetterPath(const IngestJob& job) const {
    return job.dead_letter.empty() ? DefaultDeadLetterPath(db_path_) : job.dead_letter;
  }

 private:
  IngestContext(const Config& config, const Clock& clock) : config_(config), clock_(clock) {}
  const Config& config_;
  const Clock& clock_;
  std::string db_path_;
  EventStore* store_ = nullptr;
  ConstituencyHolder* holder_ = nullptr;
  std::unique_ptr<GeoExpert> geo_;
  std::shared_ptr<ShadowserverSchemaSource> schema_;
};

// [enrich] mmdb and --mmdb together.
Result<GeoExpert> OpenGeo(const Config& config, const Common& c);

}  // namespace belfry
