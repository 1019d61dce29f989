#pragma once
// SQLite event store (WAL, synchronous=FULL).
//
// Layout, chosen for ingest speed (docs/ARCHITECTURE.md "Event store"): each ingest run
// appends to its own *segment* table ev_<n> (narrow typed key columns + the IntelMQ JSON
// body + raw), whose search indexes are built once when the run finishes (sorting a
// finished segment is several times cheaper than maintaining indexes row by row). A catalog
// (segments) keeps per-segment time bounds and value sets used to skip segments. Small
// segments are merged when there are more than [store] max_segments. The TEMP view
// `events` presents IntelMQ eventdb's column names over all segments.
//
// Thread-compatible: one instance per thread; SQLite serialises writers across processes.

#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>

#include "store/backends/sqlite/sqlite_db.h"
#include "store/event_store.h"

namespace belfry {

class SqliteEventStore final : public EventStore {
 public:
  // Opens (creating if needed) the database; finishes segments a crash left open.
  // `segment_rows`: an ingest run starts a new segment after this many rows.
  static Result<std::unique_ptr<SqliteEventStore>> Open(const std::string& path,
                                                        uint32_t max_segments = 24,
                                                        uint64_t segment_rows = 131072);

  Result<std::unique_ptr<IngestSession>> BeginIngest(int64_t now) override;
  Status ForEachRecentHash(int64_t since,
                           const std::function<void(uint64_t, int64_t)>& fn) override;
  Result<std::vector<FoundEvent>> Search(const EventQuery& query) override;
  Result<PurgeStats> Purge(const RetentionConfig& retention, int64_t now) override;
  Result<StoreStats> Stats() override;
  Result<uint64_t> Reroute(
      const std::function<RouteFields(Event*, bool destination)>& route) override;

  // Runs a read-only SQL query (the TEMP view `events` is available) and calls `row` with
  // the column names and each row's values as text ("" for NULL).
  Status Query(const std::string& sql,
               const std::function<void(const std::vector<std::string>&,
                                        const std::vector<std::string>&)>& row);

  // Merges segments until at most `max_segments` / 2 remain when over the limit.
  Status Compact();
  SqliteDb& db() { return *db_; }

 private:
  friend class SqliteIngestSession;
  struct SegmentInfo {
    int64_t id = 0;
    int64_t rows = 0;
    int64_t min_ts = 0, max_ts = 0;  // micros; rows without time.source do not count
    bool has_ts = false;
    bool has_null_ts = false;
    int64_t max_seen = 0;
    std::set<std::string> feeds, types;  // empty + overflow = unknown
    bool values_overflow = false;
    bool sealed = false;
  };

  SqliteEventStore(std::unique_ptr<SqliteDb> db, uint32_t max_segments, uint64_t segment_rows)
      : db_(std::move(db)), max_segments_(max_segments), segment_rows_(segment_rows) {}
  Status Migrate();
  // The id of a route in the routes table, added if new.
  Result<int64_t> RouteId(const RouteFields& r);
  std::map<std::tuple<std::string, std::string, std::string, bool>, int64_t> route_ids_;
  Status LoadSegments();
  // Another process (an `ingest` beside a `run`) may have added, sealed or merged segments
  // since this connection last looked: reread them when the database changed under it.
  Status SyncWithOtherWriters();
  Result<int64_t> DataVersion();
  Status SaveSegment(const SegmentInfo& s);
  Status RecomputeSegment(SegmentInfo* s);
  Status SealSegment(SegmentInfo* s);
  Status RefreshView();
  Status RegisterFunctions();
  Result<uint64_t> RewriteBlocks(int64_t segment, int64_t raw_cutoff);
  static std::string TableName(int64_t id) { return "ev_" + std::to_string(id); }

  std::unique_ptr<SqliteDb> db_;
  uint32_t max_segments_;
  uint64_t segment_rows_;
  std::map<int64_t, SegmentInfo> segments_;
  int64_t data_version_ = -1;  // PRAGMA data_version when segments_ was read
  int active_sessions_ = 0;    // segments_ is not reread under a running ingest
};

}  // namespace belfry
