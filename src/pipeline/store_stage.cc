#include "pipeline/store_stage.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace belfry {
namespace {

double SecondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

Status StoreStage::Consume(EncodedBatch& b) {
  bool new_file = false;
  if (b.report_seq != current_seq_) {
    current_seq_ = b.report_seq;
    new_file = true;
    report_id_ = 0;
    if (b.new_report) {
      auto id = session_.AddReport(b.report);
      if (!id) return Fail(id.error());
      report_id_ = *id;
    }
  }
  progress_.bytes_done += b.bytes;
  for (auto& r : b.rows) r.report_id = report_id_;
  // Dead letters reach the disk before the events they accompany are committed (the session
  // may commit inside Write, when it seals a full segment).
  BELFRY_RETURN_IF_ERROR(dead_.Flush());
  const auto w0 = std::chrono::steady_clock::now();
  const uint64_t commits = session_.commits();
  auto written = session_.Write(b.rows, b.blocks);
  if (session_.commits() != commits) Committed();  // what came before this batch is stored
  if (!written) return Fail(written.error());
  write_seconds_ += SecondsSince(w0);
  since_commit_ += b.rows.size();
  if (new_file) ++pending_.files;
  pending_.records += b.records;
  pending_.short_rows += b.short_rows;
  pending_.duplicates += b.duplicates;
  for (const auto& d : b.dead_letters) pending_.rejected += d.is_record ? 1 : 0;
  // Rows another process committed meanwhile are duplicates, decided under the write lock.
  pending_.duplicates += written->dropped;
  pending_.stored += b.rows.size() - written->dropped;
  BELFRY_RETURN_IF_ERROR(dead_.Write(b.dead_letters, feed_label_, now_micros_));
  if (since_commit_ >= kCommitRows) {
    const auto c0 = std::chrono::steady_clock::now();
    BELFRY_RETURN_IF_ERROR(CommitNow());
    commit_seconds_ += SecondsSince(c0);
  }
  progress_.events = summary_->stored + pending_.stored;
  const auto t = std::chrono::steady_clock::now();
  if (progress_fn_ && t - last_progress_ > std::chrono::milliseconds(200)) {
    progress_fn_(progress_);
    last_progress_ = t;
  }
  return Ok();
}

Status StoreStage::CommitNow() {
  // Dead letters reach the disk before the events they accompany are committed.
  BELFRY_RETURN_IF_ERROR(dead_.Flush());
  BELFRY_RETURN_IF_ERROR(session_.Commit());
  Committed();
  return Ok();
}

void StoreStage::Committed() {
  summary_->files += pending_.files;
  summary_->records += pending_.records;
  summary_->short_rows += pending_.short_rows;
  summary_->duplicates += pending_.duplicates;
  summary_->rejected += pending_.rejected;
  summary_->stored += pending_.stored;
  pending_ = IngestSummary();
  since_commit_ = 0;
}

Status StoreStage::Finish() {
  BELFRY_RETURN_IF_ERROR(CommitNow());
  spdlog::debug("ingest: store writes {:.3f} s, intermediate commits {:.3f} s", write_seconds_,
                commit_seconds_);
  const auto f0 = std::chrono::steady_clock::now();
  if (auto st = session_.Finish(); !st) {
    return Fail(Error(st.error().code(),
                      fmt::format("the events are stored, but finishing the store failed "
                                  "(the next writer finishes it): {}",
                                  st.error().message())));
  }
  spdlog::debug("ingest: store finish (index build, compaction) took {:.3f} s", SecondsSince(f0));
  if (progress_fn_) {
    progress_.bytes_done = progress_.bytes_total;
    progress_fn_(progress_);
  }
  return Ok();
}

}  // namespace belfry
