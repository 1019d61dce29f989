#include "store/backends/sqlite/sqlite_event_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <limits>

#include "store/backends/sqlite/sqlite_ingest_session.h"
#include "store/backends/sqlite/sqlite_schema.h"
#include "store/backends/sqlite/sqlite_views.h"

namespace belfry {

Result<std::unique_ptr<SqliteEventStore>> SqliteEventStore::Open(const std::string& path,
                                                                 uint32_t max_segments,
                                                                 uint64_t segment_rows) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  auto db = SqliteDb::Open(path);
  if (!db) return Fail(db.error());
  std::unique_ptr<SqliteEventStore> store(
      new SqliteEventStore(std::move(*db), max_segments, segment_rows));
  SqliteDb& sql = *store->db_;
  // Page size only takes effect on a new database, before WAL mode is set.
  BELFRY_RETURN_IF_ERROR(sql.Exec("PRAGMA page_size=8192"));
  BELFRY_RETURN_IF_ERROR(
      sql.Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
               "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"));
  BELFRY_RETURN_IF_ERROR(RegisterBlockFunctions(sql));
  BELFRY_RETURN_IF_ERROR(MigrateEventSchema(sql));
  BELFRY_RETURN_IF_ERROR(store->ReloadSegments());
  // A crash can leave a segment unsealed: its committed rows are kept, its indexes built now.
  for (auto& [id, s] : store->segments_) {
    if (s.sealed) continue;
    BELFRY_RETURN_IF_ERROR(RecomputeSegment(sql, &s));
    BELFRY_RETURN_IF_ERROR(store->SealSegment(&s));
  }
  // The permanent view of a database written before it existed, or after a crash.
  auto stale = KeyViewStale(sql, store->segments_);
  if (!stale) return Fail(stale.error());
  if (*stale) {
    auto txn = SqliteTransaction::Begin(sql);
    if (!txn) return Fail(txn.error());
    auto all = LoadSegments(sql);
    if (!all) return Fail(all.error());
    BELFRY_RETURN_IF_ERROR(WriteKeyView(sql, *all));
    BELFRY_RETURN_IF_ERROR(txn->Commit());
  }
  BELFRY_RETURN_IF_ERROR(store->RefreshView());
  auto version = sql.QueryInt("PRAGMA data_version");
  if (!version) return Fail(version.error());
  store->data_version_ = *version;
  return store;
}

Result<std::unique_ptr<SqliteEventStore>> SqliteEventStore::OpenReader(const std::string& path) {
  auto db = SqliteDb::OpenReadOnly(path);
  if (!db) return Fail(db.error());
  std::unique_ptr<SqliteEventStore> store(new SqliteEventStore(std::move(*db), 0, 0));
  SqliteDb& sql = *store->db_;
  BELFRY_RETURN_IF_ERROR(sql.Exec("PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"));
  BELFRY_RETURN_IF_ERROR(RegisterBlockFunctions(sql));
  BELFRY_RETURN_IF_ERROR(CheckEventSchemaCurrent(sql));
  BELFRY_RETURN_IF_ERROR(store->ReloadSegments());
  BELFRY_RETURN_IF_ERROR(store->RefreshView());
  auto data_version = sql.QueryInt("PRAGMA data_version");
  if (!data_version) return Fail(data_version.error());
  store->data_version_ = *data_version;
  return store;
}

Status SqliteEventStore::ReloadSegments() {
  auto loaded = LoadSegments(*db_);
  if (!loaded) return Fail(loaded.error());
  segments_ = std::move(*loaded);
  return Ok();
}

Status SqliteEventStore::SyncWithOtherWriters() {
  if (active_sessions_ > 0) return Ok();
  auto version = db_->QueryInt("PRAGMA data_version");
  if (!version) return Fail(version.error());
  if (*version == data_version_) return Ok();
  data_version_ = *version;
  BELFRY_RETURN_IF_ERROR(ReloadSegments());
  return RefreshView();
}

Status SqliteEventStore::RefreshView() { return CreateFullEventsView(*db_, segments_); }

Result<int64_t> SqliteEventStore::RouteId(const Route& r) {
  auto key = std::make_tuple(r.kind, r.org, r.target, r.destination);
  if (auto it = route_ids_.find(key); it != route_ids_.end()) return it->second;
  const std::string kind(RouteKindName(r.kind));
  auto ins = db_->Prepare(
      "INSERT OR IGNORE INTO routes(kind, org, target, destination) VALUES (?, ?, ?, ?)");
  if (!ins) return Fail(ins.error());
  ins->BindText(1, kind);
  ins->BindText(2, r.org);
  ins->BindText(3, r.target);
  ins->BindInt(4, r.destination ? 1 : 0);
  BELFRY_RETURN_IF_ERROR(ins->Run());
  auto sel = db_->Prepare(
      "SELECT id FROM routes WHERE kind = ? AND org = ? AND target = ? AND destination = ?");
  if (!sel) return Fail(sel.error());
  sel->BindText(1, kind);
  sel->BindText(2, r.org);
  sel->BindText(3, r.target);
  sel->BindInt(4, r.destination ? 1 : 0);
  auto row = sel->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(Error::Internal("route vanished after insert"));
  const int64_t id = sel->Int(0);
  route_ids_.emplace(std::move(key), id);
  return id;
}

Status SqliteEventStore::SealSegment(SegmentInfo* s) {
  auto txn = SqliteTransaction::Begin(*db_);
  if (!txn) return Fail(txn.error());
  BELFRY_RETURN_IF_ERROR(BuildSegmentIndexes(*db_, *s));
  SegmentInfo sealed = *s;
  sealed.sealed = true;
  BELFRY_RETURN_IF_ERROR(SaveSegment(*db_, sealed));
  BELFRY_RETURN_IF_ERROR(txn->Commit());
  *s = sealed;
  segments_[s->id] = sealed;
  return Ok();
}

Status SqliteEventStore::Compact() {
  if (segments_.size() <= max_segments_) return Ok();
  // Under the write lock, segments are read again: another process may have merged some,
  // and a segment it is still writing (unsealed) is never merged. On any failure the
  // transaction rolls back first, then the catalog is read again (declared in that order).
  ReloadUnlessDone reload(this);
  auto txn = SqliteTransaction::Begin(*db_);
  if (!txn) return Fail(txn.error());
  BELFRY_RETURN_IF_ERROR(ReloadSegments());
  // Merge the smallest segments into one until half the limit remains.
  std::vector<SegmentInfo> by_size;
  for (const auto& [id, s] : segments_)
    if (s.sealed) by_size.push_back(s);
  std::sort(by_size.begin(), by_size.end(), [](auto& a, auto& b) { return a.rows < b.rows; });
  const size_t target = std::max<size_t>(1, max_segments_ / 2);
  const size_t merge_count = segments_.size() > max_segments_
                                 ? std::min(by_size.size(), segments_.size() - target + 1)
                                 : 0;
  if (merge_count < 2) {
    reload.Done();
    return txn->Commit();
  }
  by_size.resize(merge_count);
  int64_t created = 0;
  for (const auto& v : by_size) created = std::max(created, v.max_seen);
  auto id = CreateSegment(*db_, created);
  if (!id) return Fail(id.error());
  std::string select, select_data;
  for (const auto& v : by_size) {
    if (!select.empty()) {
      select += " UNION ALL ";
      select_data += " UNION ALL ";
    }
    select += fmt::format("SELECT * FROM {}", KeyTable(v.id));
    select_data += fmt::format("SELECT * FROM {}", DataTable(v.id));
  }
  BELFRY_RETURN_IF_ERROR(
      db_->Exec(fmt::format("INSERT INTO {} {} ORDER BY 1", KeyTable(*id), select)));
  BELFRY_RETURN_IF_ERROR(
      db_->Exec(fmt::format("INSERT INTO {} {} ORDER BY 1", DataTable(*id), select_data)));
  for (const auto& v : by_size) {
    BELFRY_RETURN_IF_ERROR(DropSegment(*db_, v.id));
    segments_.erase(v.id);
  }
  SegmentInfo merged;
  merged.id = *id;
  BELFRY_RETURN_IF_ERROR(RecomputeSegment(*db_, &merged));
  BELFRY_RETURN_IF_ERROR(BuildSegmentIndexes(*db_, merged));
  merged.sealed = true;
  BELFRY_RETURN_IF_ERROR(SaveSegment(*db_, merged));
  segments_[merged.id] = merged;
  BELFRY_RETURN_IF_ERROR(WriteKeyView(*db_, segments_));
  BELFRY_RETURN_IF_ERROR(txn->Commit());
  reload.Done();
  return RefreshView();
}

Result<std::unique_ptr<IngestSession>> SqliteEventStore::BeginIngest(int64_t now) {
  BELFRY_RETURN_IF_ERROR(SyncWithOtherWriters());
  return std::unique_ptr<IngestSession>(new SqliteIngestSession(this, now));
}

Status SqliteEventStore::ForEachRecentHash(int64_t since,
                                           const std::function<void(uint64_t, int64_t)>& fn) {
  BELFRY_RETURN_IF_ERROR(SyncWithOtherWriters());
  // The version is taken before reading: a commit during the scans changes it, and the
  // session's first transaction then reads past the marks again.
  auto version = db_->QueryInt("PRAGMA data_version");
  if (!version) return Fail(version.error());
  dedup_ = DedupMarks();
  dedup_.since = since;
  dedup_.version = *version;
  for (const auto& [id, s] : segments_) {
    if (s.max_seen < since) continue;
    int64_t& mark = dedup_.marks[id] = std::numeric_limits<int64_t>::min();
    BELFRY_RETURN_IF_ERROR(ReadHashes(id, since, &mark, fn));
  }
  dedup_.armed = true;
  return Ok();
}

Status SqliteEventStore::ReadHashes(int64_t segment, int64_t since, int64_t* mark,
                                    const std::function<void(uint64_t, int64_t)>& fn) {
  auto st = db_->Prepare(fmt::format("SELECT id, hash, seen FROM {} WHERE id > ? AND seen >= ?",
                                     KeyTable(segment)));
  if (!st) return Fail(st.error());
  st->BindInt(1, *mark);
  st->BindInt(2, since);
  for (;;) {
    auto r = st->Step();
    if (!r) return Fail(r.error());
    if (!*r) break;
    *mark = std::max(*mark, st->Int(0));
    fn(static_cast<uint64_t>(st->Int(1)), st->Int(2));
  }
  return Ok();
}

Result<StoreStats> SqliteEventStore::Stats() {
  BELFRY_RETURN_IF_ERROR(SyncWithOtherWriters());
  StoreStats s;
  for (const auto& [id, seg] : segments_) s.events += static_cast<uint64_t>(seg.rows);
  s.segments = segments_.size();
  auto reports = db_->QueryInt("SELECT count(*) FROM reports");
  if (!reports) return Fail(reports.error());
  s.reports = static_cast<uint64_t>(*reports);
  for (auto it = segments_.rbegin(); it != segments_.rend(); ++it) {
    if (it->second.rows == 0) continue;
    auto last = db_->QueryInt(fmt::format("SELECT coalesce(max(id), 0) FROM {}", KeyTable(it->first)));
    if (!last) return Fail(last.error());
    s.last_id = *last;
    break;
  }
  return s;
}

}  // namespace belfry
