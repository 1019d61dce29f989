#include "pipeline/store_stage.h"

#include <spdlog/spdlog.h>

namespace belfry {
namespace {

double SecondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

Status StoreStage::Consume(EncodedBatch& b) {
  if (b.report_seq != current_seq_) {
    current_seq_ = b.report_seq;
    ++summary_->files;
    report_id_ = 0;
    if (b.new_report) {
      auto id = session_.AddReport(b.report);
      if (!id) return Fail(id.error());
      report_id_ = *id;
    }
  }
  summary_->records += b.records;
  summary_->short_rows += b.short_rows;
  summary_->duplicates += b.duplicates;
  for (const auto& d : b.dead_letters) summary_->rejected += d.is_record ? 1 : 0;
  progress_.bytes_done += b.bytes;
  for (auto& r : b.rows) r.report_id = report_id_;
  const auto w0 = std::chrono::steady_clock::now();
  auto dropped = session_.Write(b.rows, b.blocks);
  if (!dropped) return Fail(dropped.error());
  write_seconds_ += SecondsSince(w0);
  since_commit_ += b.rows.size();
  // Rows another process committed meanwhile are duplicates, decided under the write lock.
  summary_->duplicates += *dropped;
  summary_->stored += b.rows.size() - *dropped;
  BELFRY_RETURN_IF_ERROR(dead_.Write(b.dead_letters, feed_label_, now_micros_));
  if (since_commit_ >= kCommitRows) {
    // Dead letters reach the disk before the events they accompany are committed.
    const auto c0 = std::chrono::steady_clock::now();
    BELFRY_RETURN_IF_ERROR(dead_.Flush());
    BELFRY_RETURN_IF_ERROR(session_.Commit());
    commit_seconds_ += SecondsSince(c0);
    since_commit_ = 0;
  }
  progress_.events = summary_->stored;
  const auto t = std::chrono::steady_clock::now();
  if (progress_fn_ && t - last_progress_ > std::chrono::milliseconds(200)) {
    progress_fn_(progress_);
    last_progress_ = t;
  }
  return Ok();
}

Status StoreStage::Finish() {
  BELFRY_RETURN_IF_ERROR(dead_.Flush());
  spdlog::debug("ingest: store writes {:.3f} s, intermediate commits {:.3f} s", write_seconds_,
                commit_seconds_);
  const auto f0 = std::chrono::steady_clock::now();
  BELFRY_RETURN_IF_ERROR(session_.Finish());
  spdlog::debug("ingest: store finish (index build, compaction) took {:.3f} s", SecondsSince(f0));
  if (progress_fn_) {
    progress_.bytes_done = progress_.bytes_total;
    progress_fn_(progress_);
  }
  return Ok();
}

}  // namespace belfry
