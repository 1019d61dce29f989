#pragma once
// The in-process ingest pipeline: read+parse -> sanitize+deduplicate+encode -> store, each
// stage on its own thread, batches between them through bounded queues.
//
// Guarantees: every input record ends as a stored event, a dropped duplicate, or a dead
// letter; events are committed with their dedup hashes in one transaction, so an ingest
// killed at any point and run again stores every event exactly once.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "constituency/constituency_holder.h"
#include "core/clock.h"
#include "enrich/geo_expert.h"
#include "parse/parser.h"
#include "pipeline/pipeline_config.h"
#include "store/event_store.h"

namespace belfry {

struct IngestSummary {
  uint64_t files = 0;
  uint64_t bytes = 0;
  uint64_t records = 0;     // data rows read
  uint64_t short_rows = 0;  // rows with fewer columns than the header, kept (as IntelMQ does)
  uint64_t stored = 0;      // events written
  uint64_t duplicates = 0;  // dropped by the dedup window
  uint64_t rejected = 0;    // dead letters
  uint64_t failed_files = 0;
  double seconds = 0;
  std::vector<std::string> file_errors;  // whole-file problems ("unknown report type", I/O)
  // The run stopped early (a full disk, a lost database): why. The counts above then cover
  // exactly what was committed; a re-run stores the rest, nothing twice.
  std::string error;
};

struct IngestProgress {
  uint64_t bytes_done = 0, bytes_total = 0, events = 0;
};

struct IngestRequest {
  std::vector<std::string> files;  // already expanded (directories listed)
  // The names the reports had at their source, parallel to `files` (a spooled download or
  // attachment); empty = the files' own base names. Parsers see these names.
  std::vector<std::string> file_names;
  // Their SHA-256 where already known (a spooled file: computed while it was written), which
  // keys their dead letters; missing or "" = read the file once to compute it.
  std::vector<std::string> file_sha256;
  ReportInfo feed;         // feed-level fields; file_name is set per file
  std::string feed_label;  // the feed as the operator named it (--feed), for provenance
  std::string dead_letter_path;
};

// Enrichment after deduplication (so that duplicates cost nothing and the dedup hash covers
// only what the feed said): ASN/geolocation, time sanity, routing.
struct EnrichmentStages {
  GeoExpert* geo = nullptr;                         // none: no ASN/geo enrichment
  ConstituencyHolder* constituency = nullptr;       // none: no routing
  bool route_destination = false;                   // the feed's route_on
  std::vector<std::string> destination_feed_names;  // feed.name values routed on destination
  bool time_sanity = true;
};

class IngestPipeline {
 public:
  IngestPipeline(const IngestOptions& config, const Clock& clock, EventStore* store)
      : config_(config), clock_(clock), store_(store) {}
  // Called about 5 times a second from the store thread.
  void SetProgress(std::function<void(const IngestProgress&)> fn) { progress_ = std::move(fn); }
  void SetEnrichment(const EnrichmentStages& stages) { enrich_ = stages; }

  // Runs the whole request. Errors are failures of the machinery (store, dead-letter file);
  // bad input is counted in the summary.
  Result<IngestSummary> Run(const IngestRequest& request, Parser* parser);

 private:
  IngestOptions config_;
  const Clock& clock_;
  EventStore* store_;
  std::function<void(const IngestProgress&)> progress_;
  EnrichmentStages enrich_;
};

// Expands FILE...|DIR arguments: directories are listed recursively (hidden files skipped),
// sorted by path.
Result<std::vector<std::string>> ExpandInputs(const std::vector<std::string>& args);

}  // namespace belfry
