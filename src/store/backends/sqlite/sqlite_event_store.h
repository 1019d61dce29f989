#pragma once
// SQLite event store (WAL). docs/ARCHITECTURE.md "Event store" explains the layout, chosen
// for ingest speed: each ingest run appends to its own *segment* (segment_catalog.h), whose
// search indexes are built once when it is sealed; small segments are merged when there are
// more than [store] max_segments.
//
// The implementation is split by concern: sqlite_event_store.cc (open, segments, merging),
// sqlite_schema.cc (versions and migrations), sqlite_ingest_session.cc (writes),
// sqlite_event_search.cc (search and read-only SQL), sqlite_event_retention.cc (purge),
// sqlite_event_reroute.cc (re-routing and the notifier's pending events), sqlite_views.cc (what SQL clients see).
//
// Thread-compatible: one instance per thread; SQLite serialises writers across processes.

#include <map>
#include <memory>
#include <string>
#include <tuple>

#include "store/backends/sqlite/segment_catalog.h"
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

  // Opens an existing database for reading only: nothing is written (no migration, no
  // sealing), so it works on a full disk and on a read-only mount. Fails with
  // kUnavailable when the schema is older and a writer must upgrade it first.
  static Result<std::unique_ptr<SqliteEventStore>> OpenReader(const std::string& path);

  Result<std::unique_ptr<IngestSession>> BeginIngest(int64_t now) override;
  Status ForEachRecentHash(int64_t since,
                           const std::function<void(uint64_t, int64_t)>& fn) override;
  Result<std::vector<FoundEvent>> Search(const EventQuery& query,
                                         std::vector<DamagedEvent>* damaged = nullptr) override;
  Status Scan(const EventQuery& query, const std::function<Status(FoundEvent&)>& fn,
              std::vector<DamagedEvent>* damaged = nullptr) override;
  Result<PurgeStats> Purge(const RetentionConfig& retention, int64_t now) override;
  Result<StoreStats> Stats() override;
  Result<uint64_t> Reroute(const std::function<Route(Event*, bool destination)>& route,
                           std::vector<DamagedEvent>* damaged = nullptr) override;
  Status Query(const std::string& sql, const QueryRowFn& row) override;
  Status ForEachPending(const PendingScan& scan, const std::function<Status(PendingEvent&)>& fn,
                        std::vector<DamagedEvent>* damaged = nullptr) override;
  Status SetNotifyState(const std::vector<int64_t>& ids, NotifyState state) override;
  Result<uint64_t> ExpirePending(int64_t seen_before) override;

  // Merges segments until at most `max_segments` / 2 remain when over the limit.
  Status Compact();
  SqliteDb& db() { return *db_; }

 private:
  Result<bool> DenseRange(int64_t segment, int64_t rows, const IpNetwork& cidr);
  friend class SqliteIngestSession;

  SqliteEventStore(std::unique_ptr<SqliteDb> db, uint32_t max_segments, uint64_t segment_rows)
      : db_(std::move(db)), max_segments_(max_segments), segment_rows_(segment_rows) {}
  // The id of a route in the routes table, added if new.
  Result<int64_t> RouteId(const Route& r);
  // Another process (an `ingest` beside a `run`) may have added, sealed or merged segments
  // since this connection last looked: reread them when the database changed under it.
  Status SyncWithOtherWriters();
  Status ReloadSegments();
  // Builds a finished segment's indexes and marks it sealed, in its own transaction.
  Status SealSegment(SegmentInfo* s);
  Status RefreshView();
  // Calls `fn(hash, seen)` for the events of `segment` seen at or after `since` whose id is
  // above *mark, and raises *mark to the highest id read (the dedup window's bookkeeping).
  Status ReadHashes(int64_t segment, int64_t since, int64_t* mark,
                    const std::function<void(uint64_t, int64_t)>& fn);
  Result<uint64_t> RewriteBlocks(int64_t segment, int64_t raw_cutoff);
  // One walk over the pending events (re-routing and the notifier): for each, its id, seen
  // time, route id and route; the body is decoded into *event when `want(route)`.
  using PendingVisit = std::function<Status(int64_t id, int64_t seen, int64_t route_id,
                                            const Route& route, Event* event)>;
  Status WalkPending(int64_t seen_since, const std::function<bool(const Route&)>& want,
                     const PendingVisit& visit, std::vector<DamagedEvent>* damaged);

  // Declared before a transaction that changes the catalog: unless Done(), it reads the
  // catalog again after the transaction has rolled back (destroyed after it).
  class ReloadUnlessDone {
   public:
    explicit ReloadUnlessDone(SqliteEventStore* store) : store_(store) {}
    ~ReloadUnlessDone() {
      if (!done_) (void)store_->ReloadSegments();
    }
    void Done() { done_ = true; }

   private:
    SqliteEventStore* store_;
    bool done_ = false;
  };

  std::unique_ptr<SqliteDb> db_;
  uint32_t max_segments_;
  uint64_t segment_rows_;
  std::map<std::tuple<RouteKind, std::string, std::string, bool>, int64_t> route_ids_;
  SegmentMap segments_;
  int64_t data_version_ = -1;  // PRAGMA data_version when segments_ was read
  // What the dedup window holds (ForEachRecentHash): the hashes of each segment up to
  // `marks[segment]` (highest event id read), as of `version`. An ingest session reads,
  // under the write lock, only what other writers committed beyond these marks.
  struct DedupMarks {
    bool armed = false;
    int64_t since = 0;
    int64_t version = -1;
    std::map<int64_t, int64_t> marks;
  };
  DedupMarks dedup_;
  int active_sessions_ = 0;    // segments_ is not reread under a running ingest
};

}  // namespace belfry
