#pragma once
// The writes of one ingest run into the SQLite event store: its own segment, key rows 16 per
// statement, compressed blocks beside them; a full segment is sealed while the run goes on.

#include <memory>
#include <optional>
#include <unordered_set>
#include <vector>

#include "store/backends/sqlite/segment_catalog.h"
#include "store/backends/sqlite/sqlite_db.h"
#include "store/event_store.h"

namespace belfry {

class SqliteEventStore;

class SqliteIngestSession final : public IngestSession {
 public:
  SqliteIngestSession(SqliteEventStore* store, int64_t now);
  ~SqliteIngestSession() override;

  Result<int64_t> AddReport(const ReportRecord& r) override;
  Result<WriteOutcome> Write(const std::vector<StoreRow>& rows,
                             const std::vector<StoreBlock>& blocks) override;
  // Intermediate commits are atomic and survive a crash of the process (the rows are in
  // the WAL); Finish() syncs the WAL, which makes every earlier commit durable too.
  Status Commit() override;
  uint64_t commits() const override { return commits_; }
  Status Finish() override;

 private:
  Status EnsureTxn();
  // Under the write lock just taken: reads the hashes other writers committed since the
  // dedup window was loaded (nothing when the database did not change), so that Write
  // drops their duplicates before committing. This closes IntelMQ's GET-then-SETEX race.
  Status ReadOtherWritersHashes();
  // Inserts rows[i] for each i with keep_[i] (ids still advance for the dropped ones, whose
  // bodies stay unreferenced in their block).
  Status InsertKept(const std::vector<StoreRow>& rows);
  Status EnsureSegment();
  // A last small transaction under synchronous=FULL fsyncs the WAL, and with it every
  // frame the earlier (synchronous=NORMAL) commits wrote.
  Status DurableCommit();
  // Commits, then builds the indexes of the current segment and forgets it.
  Status SealCurrent();
  void BindRow(SqliteStmt& st, int base, const StoreRow& r, int64_t route_id);
  void CountRows(const std::vector<StoreRow>& rows);
  void CountRow(const StoreRow& r);

  static constexpr size_t kRowsPerInsert = 16;
  static constexpr size_t kKeyColumns = 11;

  SqliteEventStore* store_;
  SqliteDb& db_;
  int64_t now_;
  std::optional<SqliteTransaction> txn_;
  bool relaxed_ = false;
  // The segment this run writes; owned here (the store's catalog may be reloaded meanwhile).
  std::optional<SegmentInfo> segment_;
  std::vector<int64_t> route_ids_;  // of the rows of the current Write
  SqliteStmt insert_;
  SqliteStmt insert_many_;
  SqliteStmt insert_data_;
  int64_t next_id_ = 0;
  uint64_t commits_ = 0;
  std::unordered_set<uint64_t> foreign_hashes_;  // committed by other writers during the run
  std::vector<uint8_t> keep_;
};

}  // namespace belfry
