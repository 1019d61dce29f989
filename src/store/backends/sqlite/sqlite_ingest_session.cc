#include "store/backends/sqlite/sqlite_ingest_session.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <limits>

#include "store/backends/sqlite/sqlite_event_store.h"
#include "store/backends/sqlite/sqlite_ip.h"
#include "store/backends/sqlite/sqlite_views.h"

namespace belfry {

SqliteIngestSession::SqliteIngestSession(SqliteEventStore* store, int64_t now)
    : store_(store), db_(*store->db_), now_(now) {
  ++store_->active_sessions_;
}

SqliteIngestSession::~SqliteIngestSession() {
  insert_ = SqliteStmt();
  insert_many_ = SqliteStmt();
  insert_data_ = SqliteStmt();
  if (txn_) {
    txn_.reset();  // an unfinished transaction rolls back, with the routes it added
    store_->route_ids_.clear();
  }
  --store_->active_sessions_;
}

Result<int64_t> SqliteIngestSession::AddReport(const ReportRecord& r) {
  BELFRY_RETURN_IF_ERROR(EnsureTxn());
  auto st = db_.Prepare(
      "INSERT INTO reports(feed, file_name, received, raw_prefix, common) VALUES (?,?,?,?,?)");
  if (!st) return Fail(st.error());
  st->BindText(1, r.feed_name);
  st->BindText(2, r.file_name);
  st->BindInt(3, r.received);
  if (r.raw_prefix.empty())
    st->BindNull(4);
  else
    st->BindBlob(4, r.raw_prefix);
  if (r.common.empty())
    st->BindNull(5);
  else
    st->BindText(5, r.common);
  BELFRY_RETURN_IF_ERROR(st->Run());
  return db_.LastInsertRowid();
}

Result<WriteOutcome> SqliteIngestSession::Write(const std::vector<StoreRow>& rows,
                                                const std::vector<StoreBlock>& blocks) {
  WriteOutcome outcome;
  if (rows.empty()) return outcome;
  if (segment_ && segment_->rows >= static_cast<int64_t>(store_->segment_rows_)) {
    // Seal a full segment now, while the other stages keep parsing into the queue, so
    // that index building overlaps with the rest of the run instead of trailing it.
    BELFRY_RETURN_IF_ERROR(Commit());
    BELFRY_RETURN_IF_ERROR(db_.Exec("PRAGMA wal_checkpoint(PASSIVE)"));
    BELFRY_RETURN_IF_ERROR(SealCurrent());
  }
  BELFRY_RETURN_IF_ERROR(EnsureSegment());
  BELFRY_RETURN_IF_ERROR(EnsureTxn());
  route_ids_.assign(rows.size(), 0);
  for (size_t r = 0; r < rows.size(); ++r) {
    if (!rows[r].routed) continue;
    if (r > 0 && rows[r - 1].routed && rows[r].route == rows[r - 1].route) {
      route_ids_[r] = route_ids_[r - 1];
      continue;
    }
    auto id = store_->RouteId(rows[r].route);
    if (!id) return Fail(id.error());
    route_ids_[r] = *id;
  }
  uint64_t dropped = 0;
  if (!foreign_hashes_.empty()) {
    keep_.assign(rows.size(), 1);
    for (size_t r = 0; r < rows.size(); ++r) {
      if (foreign_hashes_.count(rows[r].hash)) {
        keep_[r] = 0;
        ++dropped;
      }
    }
  }
  const int64_t base_id = next_id_;
  for (const auto& b : blocks) {
    insert_data_.BindInt(1, base_id + static_cast<int64_t>(b.first_row));
    insert_data_.BindInt(2, static_cast<int64_t>(b.count));
    insert_data_.BindBlobStatic(3, b.data);
    auto st = insert_data_.Run();
    if (!st) return Fail(st.error().WithContext("storing events"));
  }
  outcome.dropped = dropped;
  if (dropped > 0) {
    BELFRY_RETURN_IF_ERROR(InsertKept(rows));
    return outcome;
  }
  // Rows go in kRowsPerInsert at a time: one statement step per 16 rows instead of per row.
  size_t i = 0;
  for (; i + kRowsPerInsert <= rows.size(); i += kRowsPerInsert) {
    for (size_t k = 0; k < kRowsPerInsert; ++k)
      BindRow(insert_many_, static_cast<int>(k * kKeyColumns), rows[i + k], route_ids_[i + k]);
    auto st = insert_many_.Run();
    if (!st) return Fail(st.error().WithContext("storing events"));
  }
  for (; i < rows.size(); ++i) {
    BindRow(insert_, 0, rows[i], route_ids_[i]);
    auto st = insert_.Run();
    if (!st) return Fail(st.error().WithContext("storing an event"));
  }
  CountRows(rows);
  return outcome;
}

Status SqliteIngestSession::InsertKept(const std::vector<StoreRow>& rows) {
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!keep_[i]) {
      ++next_id_;
      continue;
    }
    BindRow(insert_, 0, rows[i], route_ids_[i]);
    auto st = insert_.Run();
    if (!st) return Fail(st.error().WithContext("storing an event"));
    CountRow(rows[i]);
  }
  return Ok();
}

Status SqliteIngestSession::ReadOtherWritersHashes() {
  auto& d = store_->dedup_;
  if (!d.armed) return Ok();
  auto version = db_.QueryInt("PRAGMA data_version");
  if (!version) return Fail(version.error());
  if (*version == d.version) return Ok();
  d.version = *version;
  auto all = LoadSegments(db_);
  if (!all) return Fail(all.error());
  for (const auto& [id, seg] : *all) {
    if ((segment_ && id == segment_->id) || seg.max_seen < d.since) continue;
    // A segment not seen yet (another writer's, or merged) is read whole.
    auto mark = d.marks.try_emplace(id, std::numeric_limits<int64_t>::min()).first;
    BELFRY_RETURN_IF_ERROR(store_->ReadHashes(
        id, d.since, &mark->second, [&](uint64_t hash, int64_t) { foreign_hashes_.insert(hash); }));
  }
  if (!foreign_hashes_.empty())
    spdlog::debug("store: {} hashes committed by other writers during this run",
                  foreign_hashes_.size());
  return Ok();
}

void SqliteIngestSession::CountRows(const std::vector<StoreRow>& rows) {
  for (const auto& r : rows) CountRow(r);
}

void SqliteIngestSession::CountRow(const StoreRow& r) {
  auto& s = *segment_;
  ++s.rows;
  if (r.time_source) {
    if (!s.has_ts) s.min_ts = s.max_ts = *r.time_source;
    s.has_ts = true;
    s.min_ts = std::min(s.min_ts, *r.time_source);
    s.max_ts = std::max(s.max_ts, *r.time_source);
  } else {
    s.has_null_ts = true;
  }
  s.max_seen = std::max(s.max_seen, r.seen);
  if (!s.values_overflow) {
    s.feeds.insert(r.feed_name);
    s.types.insert(r.classification_type);
    if (s.feeds.size() > kMaxValuesPerSegment || s.types.size() > kMaxValuesPerSegment) {
      s.values_overflow = true;
      s.feeds.clear();
      s.types.clear();
    }
  }
}

Status SqliteIngestSession::Commit() {
  if (!txn_) return Ok();
  if (segment_) BELFRY_RETURN_IF_ERROR(SaveSegment(db_, *segment_));
  BELFRY_RETURN_IF_ERROR(txn_->Commit());
  txn_.reset();
  ++commits_;
  if (segment_) store_->segments_[segment_->id] = *segment_;
  return Ok();
}

Status SqliteIngestSession::DurableCommit() {
  BELFRY_RETURN_IF_ERROR(Commit());
  BELFRY_RETURN_IF_ERROR(db_.Exec("PRAGMA synchronous=FULL"));
  BELFRY_RETURN_IF_ERROR(EnsureTxn());
  return Commit();
}

Status SqliteIngestSession::SealCurrent() {
  insert_ = SqliteStmt();
  insert_many_ = SqliteStmt();
  insert_data_ = SqliteStmt();
  SegmentInfo sealed = *segment_;
  segment_.reset();
  // This run's own rows are not another writer's: the dedup catch-up skips them.
  if (store_->dedup_.armed) store_->dedup_.marks[sealed.id] = next_id_ - 1;
  return store_->SealSegment(&sealed);
}

Status SqliteIngestSession::Finish() {
  auto t0 = std::chrono::steady_clock::now();
  auto lap = [&](const char* what) {
    auto t1 = std::chrono::steady_clock::now();
    spdlog::debug("store: {} took {:.3f} s", what, std::chrono::duration<double>(t1 - t0).count());
    t0 = t1;
  };
  BELFRY_RETURN_IF_ERROR(DurableCommit());
  lap("final commit");
  // Checkpoint first: building indexes reads the whole segment, faster from the database
  // file than through a large WAL.
  BELFRY_RETURN_IF_ERROR(
      db_.Exec("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA wal_autocheckpoint=1000"));
  lap("checkpoint");
  if (!segment_) return Ok();
  BELFRY_RETURN_IF_ERROR(SealCurrent());
  lap("index build");
  BELFRY_RETURN_IF_ERROR(store_->Compact());
  lap("compaction");
  BELFRY_RETURN_IF_ERROR(store_->RefreshView());
  lap("view refresh");
  return Ok();
}

Status SqliteIngestSession::EnsureTxn() {
  if (txn_) return Ok();
  if (!relaxed_) {
    // During the run the WAL only grows (no checkpoint stalls); Finish() checkpoints once.
    BELFRY_RETURN_IF_ERROR(db_.Exec("PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0"));
    relaxed_ = true;
  }
  auto txn = SqliteTransaction::Begin(db_);
  if (!txn) return Fail(txn.error());
  txn_.emplace(std::move(*txn));
  return ReadOtherWritersHashes();
}

Status SqliteIngestSession::EnsureSegment() {
  if (segment_) return Ok();
  BELFRY_RETURN_IF_ERROR(EnsureTxn());
  auto id = CreateSegment(db_, now_);
  if (!id) return Fail(id.error());
  SegmentInfo info;
  info.id = *id;
  segment_ = info;
  // The permanent view names every segment's table, so it changes in the same transaction,
  // from the catalog as it is under the write lock (other processes add segments too).
  auto all = LoadSegments(db_);
  if (!all) return Fail(all.error());
  BELFRY_RETURN_IF_ERROR(WriteKeyView(db_, *all));
  // Ids are unique across segments: the segment number in the high bits.
  next_id_ = *id << 32;
  const std::string table = KeyTable(*id);
  auto ins = db_.Prepare(
      fmt::format("INSERT INTO {} (id, ts, ip, asn, type, feed, hash, seen, report, route, flags) "
                  "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                  table));
  if (!ins) return Fail(ins.error());
  insert_ = std::move(*ins);
  std::string values;
  for (size_t k = 0; k < kRowsPerInsert; ++k)
    values += k ? ",(?,?,?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?,?,?)";
  auto many = db_.Prepare(fmt::format(
      "INSERT INTO {} (id, ts, ip, asn, type, feed, hash, seen, report, route, flags) VALUES {}",
      table, values));
  if (!many) return Fail(many.error());
  insert_many_ = std::move(*many);
  auto ins_data = db_.Prepare(
      fmt::format("INSERT INTO {} (first_id, count, data) VALUES (?,?,?)", DataTable(*id)));
  if (!ins_data) return Fail(ins_data.error());
  insert_data_ = std::move(*ins_data);
  return Ok();
}

void SqliteIngestSession::BindRow(SqliteStmt& st, int base, const StoreRow& r, int64_t route_id) {
  st.BindInt(base + 1, next_id_++);
  if (r.time_source) st.BindInt(base + 2, *r.time_source);
  if (r.source_ip) BindIp(st, base + 3, *r.source_ip);
  if (r.source_asn) st.BindInt(base + 4, *r.source_asn);
  if (!r.classification_type.empty()) st.BindTextStatic(base + 5, r.classification_type);
  if (!r.feed_name.empty()) st.BindTextStatic(base + 6, r.feed_name);
  st.BindInt(base + 7, static_cast<int64_t>(r.hash));
  st.BindInt(base + 8, r.seen);
  if (r.report_id) st.BindInt(base + 9, r.report_id);
  if (r.routed) st.BindInt(base + 10, route_id);
  if (r.time_flags) st.BindInt(base + 11, r.time_flags);
}

}  // namespace belfry
