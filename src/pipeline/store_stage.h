#pragma once
// Stage 3 of an ingest (the calling thread): registers each report, writes its rows and
// blocks, appends dead letters, and commits every kCommitRows rows, dead letters first.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "pipeline/dead_letter_writer.h"
#include "pipeline/ingest_batches.h"
#include "pipeline/ingest_pipeline.h"

namespace belfry {

class StoreStage {
 public:
  StoreStage(IngestSession& session, const std::string& dead_letter_path, std::string feed_label,
             int64_t now_micros, IngestSummary* summary,
             std::function<void(const IngestProgress&)> progress, uint64_t bytes_total)
      : session_(session),
        dead_(dead_letter_path),
        feed_label_(std::move(feed_label)),
        now_micros_(now_micros),
        summary_(summary),
        progress_fn_(std::move(progress)) {
    progress_.bytes_total = bytes_total;
  }

  Status Consume(EncodedBatch& batch);
  // Flushes the dead letters, then commits, builds indexes and merges (IngestSession::Finish).
  Status Finish();

 private:
  static constexpr uint64_t kCommitRows = 200000;
  Status CommitNow();
  // Moves what is written so far into the summary (it is committed).
  void Committed();


  IngestSession& session_;
  DeadLetterWriter dead_;
  std::string feed_label_;
  int64_t now_micros_;
  IngestSummary* summary_;  // what is committed
  IngestSummary pending_;   // what is written since the last commit
  std::function<void(const IngestProgress&)> progress_fn_;
  IngestProgress progress_;
  uint64_t current_seq_ = 0;
  int64_t report_id_ = 0;
  uint64_t since_commit_ = 0;
  double write_seconds_ = 0, commit_seconds_ = 0;
  std::chrono::steady_clock::time_point last_progress_ = std::chrono::steady_clock::now();
};

}  // namespace belfry
