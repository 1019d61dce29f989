#pragma once
// Stage 2 of an ingest: completes the classification, drops duplicates (the dedup window),
// enriches what is new (ASN/geo, time sanity, routing) and encodes events for the store:
// key columns, compact bodies in compressed blocks.

#include <chrono>
#include <optional>
#include <string>

#include "enrich/deduplicator.h"
#include "pipeline/bounded_queue.h"
#include "pipeline/ingest_batches.h"
#include "pipeline/ingest_pipeline.h"
#include "store/event_block.h"

namespace belfry {

class EncodeStage {
 public:
  EncodeStage(const IngestOptions& options, const EnrichmentStages& enrich, int64_t now)
      : options_(options),
        enrich_(enrich),
        now_(now),
        window_(options.dedup.max_entries),
        hasher_(options.dedup) {}

  // The dedup window, reloaded from the store so that a restart keeps it.
  Status LoadWindow(EventStore* store);
  // Encodes one batch; `recycle` gets its events back for the parse stage to reuse.
  EncodedBatch Encode(ParsedBatch&& batch, BoundedQueue<std::vector<Event>>& recycle);

 private:
  bool RoutedOnDestination(const Event& ev) const;
  std::optional<int64_t> ObservationMicros(const Event& ev);

  const IngestOptions& options_;
  const EnrichmentStages& enrich_;
  const int64_t now_;
  DedupWindow window_;
  EventHasher hasher_;
  BlockEncoder blocks_;
  std::string body_;
  std::string observation_text_;  // the last time.observation seen, and its value
  std::optional<int64_t> observation_micros_;
  std::chrono::steady_clock::time_point last_reload_ = std::chrono::steady_clock::now();
};

}  // namespace belfry
