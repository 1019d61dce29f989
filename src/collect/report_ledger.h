#pragma once
// The record of every report a collector fetched and of every feed's last runs. It is what
// makes collection exactly-once: a report is recorded as pending before it is ingested and
// finished after, and a report whose checksum was already ingested for the feed is skipped.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace belfry {

struct LedgerEntry {
  int64_t id = 0;
  std::string feed;
  std::string source_id;  // URL, API report id, Message-ID + attachment, file path
  std::string file_name;  // the name the provider gave it
  std::string sha256;
  uint64_t bytes = 0;
  int64_t fetched_at = 0;   // Unix seconds
  int64_t finished_at = 0;  // 0 while pending
  std::string status;       // pending | ingested | failed | duplicate
  uint64_t events = 0, duplicates = 0, rejected = 0;
  std::string error;       // failed: why; duplicate: which report it repeats
  std::string spool_path;  // the fetched bytes, kept for provenance and re-runs
};

struct FeedState {
  std::string feed;
  int64_t last_run = 0;      // start of the last run, Unix seconds
  int64_t last_success = 0;  // end of the last run without error
  int64_t last_error_at = 0;
  std::string last_error;  // "" after a successful run
  int64_t failures = 0;    // consecutive failed runs
  int64_t next_run = 0;
  uint64_t last_events = 0, last_reports = 0;  // of the last run
  // HTTP conditional GET.
  std::string etag, last_modified;
};

class ReportLedger {
 public:
  virtual ~ReportLedger() = default;
  // The ingested report of `feed` with this checksum, if any.
  virtual Result<std::optional<LedgerEntry>> FindIngested(const std::string& feed,
                                                          const std::string& sha256) = 0;
  // Whether `source_id` was already fetched and settled (ingested, duplicate, failed).
  virtual Result<bool> SeenSource(const std::string& feed, const std::string& source_id) = 0;
  // Records a fetched report as pending; returns its id.
  virtual Result<int64_t> Begin(const LedgerEntry& entry) = 0;
  // Settles a report: status, counts, error.
  virtual Status Finish(const LedgerEntry& entry) = 0;
  // Reports left pending by a run that was killed, oldest first.
  virtual Result<std::vector<LedgerEntry>> Pending(const std::string& feed) = 0;
  virtual Result<std::vector<LedgerEntry>> Recent(const std::string& feed, size_t limit) = 0;
  virtual Result<FeedState> State(const std::string& feed) = 0;
  virtual Status SaveState(const FeedState& state) = 0;
};

}  // namespace belfry
