#include "store/backends/sqlite/sqlite_event_store.h"

#include <fmt/format.h>
#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "core/text.h"
#include "model/event_json.h"
#include "model/field_registry.h"
#include "store/event_block.h"
#include "store/event_codec.h"

namespace belfry {
namespace {

constexpr int kSchemaVersion = 2;  // 2: routing columns (route, flags, notified)
constexpr size_t kMaxValuesPerSegment = 64;

std::string DataTable(const std::string& table) { return "evd_" + table.substr(3); }

// A segment is two tables: ev_<n> holds the narrow key columns that the indexes are built
// from (so building them scans little), evd_<n> the compressed blocks of bodies and raw
// records (event_block.h), keyed by the id of their first event.
std::string SegmentDdl(const std::string& table) {
  return fmt::format(
      "CREATE TABLE IF NOT EXISTS {0} ("
      "id INTEGER PRIMARY KEY, ts INTEGER, ip BLOB, asn INTEGER, type TEXT, feed TEXT, "
      "hash INTEGER NOT NULL, seen INTEGER NOT NULL, report INTEGER, route INTEGER, flags INTEGER, "
      "notified INTEGER NOT NULL DEFAULT 0);"
      "CREATE TABLE IF NOT EXISTS {1} (first_id INTEGER PRIMARY KEY, count INTEGER NOT NULL, data "
      "BLOB NOT NULL);",
      table, DataTable(table));
}

std::string JoinSet(const std::set<std::string>& s) {
  std::string out = "[";
  for (const auto& v : s) {
    if (out.size() > 1) out.push_back(',');
    AppendJsonString(v, &out);
  }
  out.push_back(']');
  return out;
}

std::set<std::string> SplitSet(std::string_view json) {
  std::set<std::string> out;
  simdjson::dom::parser p;
  simdjson::dom::array arr;
  if (p.parse(std::string(json)).get_array().get(arr)) return out;
  for (auto v : arr) {
    std::string_view s;
    if (!v.get_string().get(s)) out.emplace(s);
  }
  return out;
}

// IPv4 is stored as an INTEGER, IPv6 as a 16-byte BLOB: SQLite orders every integer
// before every blob, so one index serves both, and integer keys sort several times faster.
int64_t Ipv4Value(const IpAddress& a) {
  const auto& b = a.bytes();
  return (int64_t{b[12]} << 24) | (int64_t{b[13]} << 16) | (int64_t{b[14]} << 8) | int64_t{b[15]};
}

void BindIp(SqliteStmt& st, int index, const IpAddress& a) {
  if (a.is_v4())
    st.BindInt(index, Ipv4Value(a));
  else
    st.BindBlob(index, a.Key());
}

}  // namespace

// ---------------------------------------------------------------------------------------
class SqliteIngestSession final : public IngestSession {
 public:
  SqliteIngestSession(SqliteEventStore* store, int64_t now) : store_(store), now_(now) {
    ++store_->active_sessions_;
  }
  ~SqliteIngestSession() override {
    if (in_txn_) (void)store_->db_->Exec("ROLLBACK");
    --store_->active_sessions_;
  }

  Result<int64_t> AddReport(const ReportRecord& r) override {
    BELFRY_RETURN_IF_ERROR(EnsureTxn());
    auto st = store_->db_->Prepare(
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
    return static_cast<int64_t>(sqlite3_last_insert_rowid(store_->db_->raw()));
  }

  Status Write(const std::vector<StoreRow>& rows, const std::vector<StoreBlock>& blocks) override {
    if (rows.empty()) return Ok();
    if (segment_ && segment_->rows >= static_cast<int64_t>(store_->segment_rows_)) {
      // Seal a full segment now, while the other stages keep parsing into the queue, so
      // that index building overlaps with the rest of the run instead of trailing it.
      BELFRY_RETURN_IF_ERROR(Commit());
      BELFRY_RETURN_IF_ERROR(store_->db_->Exec("PRAGMA wal_checkpoint(PASSIVE)"));
      insert_ = SqliteStmt();
      insert_many_ = SqliteStmt();
      insert_data_ = SqliteStmt();
      BELFRY_RETURN_IF_ERROR(store_->SealSegment(segment_));
      segment_ = nullptr;
    }
    BELFRY_RETURN_IF_ERROR(EnsureSegment());
    BELFRY_RETURN_IF_ERROR(EnsureTxn());
    rows_base_ = rows.data();
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
    auto& s = *segment_;
    const int64_t base_id = next_id_;
    for (const auto& b : blocks) {
      insert_data_.BindInt(1, base_id + static_cast<int64_t>(b.first_row));
      insert_data_.BindInt(2, static_cast<int64_t>(b.count));
      insert_data_.BindBlobStatic(3, b.data);
      auto st = insert_data_.Run();
      if (!st) return Fail(st.error().WithContext("storing events"));
    }
    // Rows go in kRowsPerInsert at a time: one statement step per 16 rows instead of per row.
    size_t i = 0;
    for (; i + kRowsPerInsert <= rows.size(); i += kRowsPerInsert) {
      for (size_t k = 0; k < kRowsPerInsert; ++k)
        BindRow(insert_many_, static_cast<int>(k * kKeyColumns), rows[i + k]);
      auto st = insert_many_.Run();
      if (!st) return Fail(st.error().WithContext("storing events"));
    }
    for (; i < rows.size(); ++i) {
      BindRow(insert_, 0, rows[i]);
      auto st = insert_.Run();
      if (!st) return Fail(st.error().WithContext("storing an event"));
    }
    for (const auto& r : rows) {
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
    return Ok();
  }

  // Intermediate commits are atomic and survive a crash of the process (the rows are in
  // the WAL); Finish() syncs the WAL, which makes every earlier commit durable too.
  Status Commit() override {
    if (!in_txn_) return Ok();
    if (segment_) BELFRY_RETURN_IF_ERROR(store_->SaveSegment(*segment_));
    BELFRY_RETURN_IF_ERROR(store_->db_->Exec("COMMIT"));
    in_txn_ = false;
    return Ok();
  }

  // A last small transaction under synchronous=FULL fsyncs the WAL, and with it every
  // frame the earlier (synchronous=NORMAL) commits wrote.
  Status DurableCommit() {
    BELFRY_RETURN_IF_ERROR(Commit());
    BELFRY_RETURN_IF_ERROR(store_->db_->Exec("PRAGMA synchronous=FULL"));
    BELFRY_RETURN_IF_ERROR(EnsureTxn());
    if (segment_) BELFRY_RETURN_IF_ERROR(store_->SaveSegment(*segment_));
    BELFRY_RETURN_IF_ERROR(store_->db_->Exec("COMMIT"));
    in_txn_ = false;
    return Ok();
  }

  Status Finish() override {
    auto t0 = std::chrono::steady_clock::now();
    auto lap = [&](const char* what) {
      auto t1 = std::chrono::steady_clock::now();
      spdlog::debug("store: {} took {:.3f} s", what,
                    std::chrono::duration<double>(t1 - t0).count());
      t0 = t1;
    };
    BELFRY_RETURN_IF_ERROR(DurableCommit());
    lap("final commit");
    // Checkpoint first: building indexes reads the whole segment, faster from the database
    // file than through a large WAL.
    BELFRY_RETURN_IF_ERROR(
        store_->db_->Exec("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA wal_autocheckpoint=1000"));
    lap("checkpoint");
    if (!segment_) return Ok();
    insert_ = SqliteStmt();
    insert_many_ = SqliteStmt();
    insert_data_ = SqliteStmt();
    BELFRY_RETURN_IF_ERROR(store_->SealSegment(segment_));
    lap("index build");
    BELFRY_RETURN_IF_ERROR(store_->Compact());
    lap("compaction");
    BELFRY_RETURN_IF_ERROR(store_->RefreshView());
    lap("view refresh");
    return Ok();
  }

 private:
  Status EnsureTxn() {
    if (in_txn_) return Ok();
    if (!relaxed_) {
      // During the run the WAL only grows (no checkpoint stalls); Finish() checkpoints once.
      BELFRY_RETURN_IF_ERROR(
          store_->db_->Exec("PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0"));
      relaxed_ = true;
    }
    BELFRY_RETURN_IF_ERROR(store_->db_->Exec("BEGIN IMMEDIATE"));
    in_txn_ = true;
    return Ok();
  }

  Status EnsureSegment() {
    if (segment_) return Ok();
    BELFRY_RETURN_IF_ERROR(EnsureTxn());
    auto st = store_->db_->Prepare("INSERT INTO segments(created, sealed) VALUES (?, 0)");
    if (!st) return Fail(st.error());
    st->BindInt(1, now_);
    BELFRY_RETURN_IF_ERROR(st->Run());
    int64_t id = sqlite3_last_insert_rowid(store_->db_->raw());
    BELFRY_RETURN_IF_ERROR(store_->db_->Exec(SegmentDdl(SqliteEventStore::TableName(id))));
    SqliteEventStore::SegmentInfo info;
    info.id = id;
    segment_ = &(store_->segments_[id] = info);
    // Ids are unique across segments: the segment number in the high bits.
    next_id_ = id << 32;
    auto ins =
        store_->db_->Prepare(fmt::format("INSERT INTO {} (id, ts, ip, asn, type, feed, hash, seen, "
                                         "report, route, flags) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                                         SqliteEventStore::TableName(id)));
    if (!ins) return Fail(ins.error());
    insert_ = std::move(*ins);
    std::string values;
    for (size_t k = 0; k < kRowsPerInsert; ++k)
      values += k ? ",(?,?,?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?,?,?)";
    auto many = store_->db_->Prepare(fmt::format(
        "INSERT INTO {} (id, ts, ip, asn, type, feed, hash, seen, report, route, flags) "
        "VALUES {}",
        SqliteEventStore::TableName(id), values));
    if (!many) return Fail(many.error());
    insert_many_ = std::move(*many);
    auto ins_data =
        store_->db_->Prepare(fmt::format("INSERT INTO {} (first_id, count, data) VALUES (?,?,?)",
                                         DataTable(SqliteEventStore::TableName(id))));
    if (!ins_data) return Fail(ins_data.error());
    insert_data_ = std::move(*ins_data);
    return Ok();
  }

  SqliteEventStore* store_;
  int64_t now_;
  bool in_txn_ = false;
  bool relaxed_ = false;
  SqliteEventStore::SegmentInfo* segment_ = nullptr;
  void BindRow(SqliteStmt& st, int base, const StoreRow& r) {
    st.BindInt(base + 1, next_id_++);
    if (r.time_source) st.BindInt(base + 2, *r.time_source);
    if (r.source_ip) BindIp(st, base + 3, *r.source_ip);
    if (r.source_asn) st.BindInt(base + 4, *r.source_asn);
    if (!r.classification_type.empty()) st.BindTextStatic(base + 5, r.classification_type);
    if (!r.feed_name.empty()) st.BindTextStatic(base + 6, r.feed_name);
    st.BindInt(base + 7, static_cast<int64_t>(r.hash));
    st.BindInt(base + 8, r.seen);
    if (r.report_id) st.BindInt(base + 9, r.report_id);
    if (r.routed) st.BindInt(base + 10, route_ids_[&r - rows_base_]);
    if (r.time_flags) st.BindInt(base + 11, r.time_flags);
  }
  // Route ids of the rows of the current Write, resolved before binding.
  std::vector<int64_t> route_ids_;
  const StoreRow* rows_base_ = nullptr;

  static constexpr size_t kRowsPerInsert = 16;
  static constexpr size_t kKeyColumns = 11;
  SqliteStmt insert_;
  SqliteStmt insert_many_;
  SqliteStmt insert_data_;
  int64_t next_id_ = 0;
};

// ---------------------------------------------------------------------------------------

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
  // Page size only takes effect on a new database, before WAL mode is set.
  BELFRY_RETURN_IF_ERROR(store->db_->Exec("PRAGMA page_size=8192"));
  BELFRY_RETURN_IF_ERROR(
      store->db_->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                       "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"));
  BELFRY_RETURN_IF_ERROR(store->RegisterFunctions());
  BELFRY_RETURN_IF_ERROR(store->Migrate());
  BELFRY_RETURN_IF_ERROR(store->LoadSegments());
  BELFRY_RETURN_IF_ERROR(store->RefreshView());
  // A crash can leave a segment unsealed: its committed rows are kept, its indexes built now.
  bool changed = false;
  for (auto& [id, s] : store->segments_) {
    if (!s.sealed) {
      BELFRY_RETURN_IF_ERROR(store->RecomputeSegment(&s));
      BELFRY_RETURN_IF_ERROR(store->SealSegment(&s));
      changed = true;
    }
  }
  if (changed) BELFRY_RETURN_IF_ERROR(store->RefreshView());
  auto version = store->DataVersion();
  if (!version) return Fail(version.error());
  store->data_version_ = *version;
  return store;
}

Result<int64_t> SqliteEventStore::DataVersion() {
  auto st = db_->Prepare("PRAGMA data_version");
  if (!st) return Fail(st.error());
  auto row = st->Step();
  if (!row) return Fail(row.error());
  return st->Int(0);
}

Status SqliteEventStore::SyncWithOtherWriters() {
  if (active_sessions_ > 0) return Ok();
  auto version = DataVersion();
  if (!version) return Fail(version.error());
  if (*version == data_version_) return Ok();
  data_version_ = *version;
  BELFRY_RETURN_IF_ERROR(LoadSegments());
  return RefreshView();
}

Status SqliteEventStore::Migrate() {
  BELFRY_RETURN_IF_ERROR(db_->Exec(
      "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
      "CREATE TABLE IF NOT EXISTS reports(id INTEGER PRIMARY KEY, feed TEXT, file_name TEXT, "
      "  received INTEGER NOT NULL, raw_prefix BLOB, common TEXT);"
      "CREATE TABLE IF NOT EXISTS segments(id INTEGER PRIMARY KEY, created INTEGER NOT NULL, "
      "  sealed INTEGER NOT NULL DEFAULT 0, rows INTEGER NOT NULL DEFAULT 0, min_ts INTEGER, "
      "max_ts INTEGER, "
      "  has_null_ts INTEGER NOT NULL DEFAULT 0, max_seen INTEGER NOT NULL DEFAULT 0, feeds TEXT, "
      "types TEXT);"));
  BELFRY_RETURN_IF_ERROR(
      db_->Exec("CREATE TABLE IF NOT EXISTS routes(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
                "org TEXT NOT NULL, target TEXT NOT NULL, destination INTEGER NOT NULL, "
                "UNIQUE(kind, org, target, destination));"));
  auto st = db_->Prepare("SELECT value FROM meta WHERE key = 'schema_version'");
  if (!st) return Fail(st.error());
  auto row = st->Step();
  if (!row) return Fail(row.error());
  if (*row) {
    auto v = ParseInt64(st->Text(0));
    if (!v || *v > kSchemaVersion)
      return Fail(Error::Corruption(
          fmt::format("database {} has schema version {}, newer than this Belfry ({})", db_->path(),
                      st->Text(0), kSchemaVersion)));
    st->Reset();
    if (*v == kSchemaVersion) return Ok();
    // Version 1 segments get the routing columns; their events count as not routed.
    BELFRY_RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
    auto ids = db_->Prepare("SELECT id FROM segments");
    if (!ids) return Fail(ids.error());
    std::vector<int64_t> segs;
    for (;;) {
      auto r = ids->Step();
      if (!r) return Fail(r.error());
      if (!*r) break;
      segs.push_back(ids->Int(0));
    }
    for (int64_t id : segs) {
      BELFRY_RETURN_IF_ERROR(db_->Exec(fmt::format(
          "ALTER TABLE {0} ADD COLUMN route INTEGER; ALTER TABLE {0} ADD COLUMN flags INTEGER; "
          "ALTER TABLE {0} ADD COLUMN notified INTEGER NOT NULL DEFAULT 0;",
          TableName(id))));
    }
    auto up = db_->Prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'");
    if (!up) return Fail(up.error());
    up->BindText(1, std::to_string(kSchemaVersion));
    BELFRY_RETURN_IF_ERROR(up->Run());
    return db_->Exec("COMMIT");
  }
  auto ins = db_->Prepare("INSERT INTO meta(key, value) VALUES ('schema_version', ?)");
  if (!ins) return Fail(ins.error());
  ins->BindText(1, std::to_string(kSchemaVersion));
  BELFRY_RETURN_IF_ERROR(ins->Run());
  return RefreshView();
}

Result<int64_t> SqliteEventStore::RouteId(const RouteFields& r) {
  auto key = std::make_tuple(r.kind, r.org, r.target, r.destination);
  if (auto it = route_ids_.find(key); it != route_ids_.end()) return it->second;
  auto ins = db_->Prepare(
      "INSERT OR IGNORE INTO routes(kind, org, target, destination) VALUES (?, ?, ?, ?)");
  if (!ins) return Fail(ins.error());
  ins->BindText(1, r.kind);
  ins->BindText(2, r.org);
  ins->BindText(3, r.target);
  ins->BindInt(4, r.destination ? 1 : 0);
  BELFRY_RETURN_IF_ERROR(ins->Run());
  auto sel = db_->Prepare(
      "SELECT id FROM routes WHERE kind = ? AND org = ? AND target = ? AND destination = ?");
  if (!sel) return Fail(sel.error());
  sel->BindText(1, r.kind);
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

Status SqliteEventStore::LoadSegments() {
  segments_.clear();
  auto st = db_->Prepare(
      "SELECT id, sealed, rows, min_ts, max_ts, has_null_ts, max_seen, feeds, types FROM segments "
      "ORDER BY id");
  if (!st) return Fail(st.error());
  for (;;) {
    auto r = st->Step();
    if (!r) return Fail(r.error());
    if (!*r) break;
    SegmentInfo s;
    s.id = st->Int(0);
    s.sealed = st->Int(1) != 0;
    s.rows = st->Int(2);
    s.has_ts = !st->IsNull(3);
    s.min_ts = st->Int(3);
    s.max_ts = st->Int(4);
    s.has_null_ts = st->Int(5) != 0;
    s.max_seen = st->Int(6);
    if (st->IsNull(7))
      s.values_overflow = true;
    else {
      s.feeds = SplitSet(st->Text(7));
      s.types = SplitSet(st->Text(8));
    }
    segments_[s.id] = std::move(s);
  }
  return Ok();
}

Status SqliteEventStore::SaveSegment(const SegmentInfo& s) {
  auto st = db_->Prepare(
      "UPDATE segments SET sealed=?, rows=?, min_ts=?, max_ts=?, has_null_ts=?, max_seen=?, "
      "feeds=?, types=? "
      "WHERE id=?");
  if (!st) return Fail(st.error());
  st->BindInt(1, s.sealed);
  st->BindInt(2, s.rows);
  if (s.has_ts) {
    st->BindInt(3, s.min_ts);
    st->BindInt(4, s.max_ts);
  }
  st->BindInt(5, s.has_null_ts);
  st->BindInt(6, s.max_seen);
  if (s.values_overflow) {
    st->BindNull(7);
    st->BindNull(8);
  } else {
    st->BindText(7, JoinSet(s.feeds));
    st->BindText(8, JoinSet(s.types));
  }
  st->BindInt(9, s.id);
  return st->Run();
}

Status SqliteEventStore::RecomputeSegment(SegmentInfo* s) {
  std::string t = TableName(s->id);
  BELFRY_RETURN_IF_ERROR(db_->Exec(SegmentDdl(t)));
  auto st = db_->Prepare(fmt::format(
      "SELECT count(*), min(ts), max(ts), count(*) - count(ts), coalesce(max(seen), 0), "
      "count(DISTINCT feed), count(DISTINCT type) FROM {}",
      t));
  if (!st) return Fail(st.error());
  auto r = st->Step();
  if (!r) return Fail(r.error());
  s->rows = st->Int(0);
  s->has_ts = !st->IsNull(1);
  s->min_ts = st->Int(1);
  s->max_ts = st->Int(2);
  s->has_null_ts = st->Int(3) > 0;
  s->max_seen = st->Int(4);
  s->feeds.clear();
  s->types.clear();
  s->values_overflow = st->Int(5) > static_cast<int64_t>(kMaxValuesPerSegment) ||
                       st->Int(6) > static_cast<int64_t>(kMaxValuesPerSegment);
  if (!s->values_overflow) {
    for (auto [col, set] :
         {std::pair<const char*, std::set<std::string>*>{"feed", &s->feeds}, {"type", &s->types}}) {
      auto q = db_->Prepare(fmt::format("SELECT DISTINCT coalesce({0}, '') FROM {1}", col, t));
      if (!q) return Fail(q.error());
      for (;;) {
        auto row = q->Step();
        if (!row) return Fail(row.error());
        if (!*row) break;
        set->emplace(q->Text(0));
      }
    }
  }
  return Ok();
}

Status SqliteEventStore::SealSegment(SegmentInfo* s) {
  std::string t = TableName(s->id);
  BELFRY_RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
  auto body = [&]() -> Status {
    // Indexes that serve search by IP/CIDR, ASN and time; feed and type get one only when
    // the segment holds more than one value (else the catalog already answers).
    BELFRY_RETURN_IF_ERROR(db_->Exec(
        fmt::format("CREATE INDEX IF NOT EXISTS {0}_ip ON {0}(ip) WHERE ip IS NOT NULL;"
                    "CREATE INDEX IF NOT EXISTS {0}_asn ON {0}(asn) WHERE asn IS NOT NULL;"
                    "CREATE INDEX IF NOT EXISTS {0}_ts ON {0}(ts);",
                    t)));
    if (s->values_overflow || s->feeds.size() > 1)
      BELFRY_RETURN_IF_ERROR(
          db_->Exec(fmt::format("CREATE INDEX IF NOT EXISTS {0}_feed ON {0}(feed, ts)", t)));
    if (s->values_overflow || s->types.size() > 1)
      BELFRY_RETURN_IF_ERROR(
          db_->Exec(fmt::format("CREATE INDEX IF NOT EXISTS {0}_type ON {0}(type, ts)", t)));
    s->sealed = true;
    return SaveSegment(*s);
  }();
  if (!body) {
    (void)db_->Exec("ROLLBACK");
    s->sealed = false;
    return body;
  }
  return db_->Exec("COMMIT");
}

namespace {

// SQL functions belfry_block_body(data, index) / belfry_block_raw(data, index): one entry of
// a compressed block. The last decoded block is cached, so a scan decodes each block once.
struct BlockCache {
  std::string key;  // the compressed bytes of the cached block
  std::string storage;
  std::vector<BlockEntry> entries;
};

void BlockFunction(sqlite3_context* ctx, int argc, sqlite3_value** argv, bool want_raw) {
  auto* cache = static_cast<BlockCache*>(sqlite3_user_data(ctx));
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  std::string_view data(static_cast<const char*>(sqlite3_value_blob(argv[0])),
                        static_cast<size_t>(sqlite3_value_bytes(argv[0])));
  int64_t index = sqlite3_value_int64(argv[1]);
  if (cache->key != data) {
    cache->key.assign(data);
    if (!DecodeBlock(data, &cache->storage, &cache->entries)) {
      cache->key.clear();
      return sqlite3_result_error(ctx, "corrupt event block", -1);
    }
  }
  if (index < 0 || static_cast<size_t>(index) >= cache->entries.size())
    return sqlite3_result_null(ctx);
  std::string_view v = want_raw ? cache->entries[index].raw : cache->entries[index].body;
  if (v.empty()) return sqlite3_result_null(ctx);
  if (want_raw)
    return sqlite3_result_blob(ctx, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  // Bodies are stored in binary; SQL sees IntelMQ JSON.
  Event event;
  if (!DecodeEventBody(v, &event)) return sqlite3_result_error(ctx, "corrupt event body", -1);
  std::string json;
  JsonWriteOptions opts;
  opts.include_raw = false;
  opts.compact = true;
  AppendEventJson(event, opts, &json);
  sqlite3_result_text(ctx, json.data(), static_cast<int>(json.size()), SQLITE_TRANSIENT);
}

}  // namespace

Status SqliteEventStore::RegisterFunctions() {
  // Each function owns its cache; SQLite frees it with the connection.
  auto destroy = [](void* p) { delete static_cast<BlockCache*>(p); };
  int rc = sqlite3_create_function_v2(
      db_->raw(), "belfry_block_body", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, new BlockCache,
      [](sqlite3_context* c, int n, sqlite3_value** v) { BlockFunction(c, n, v, false); }, nullptr,
      nullptr, destroy);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2(
        db_->raw(), "belfry_block_raw", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, new BlockCache,
        [](sqlite3_context* c, int n, sqlite3_value** v) { BlockFunction(c, n, v, true); }, nullptr,
        nullptr, destroy);
  if (rc != SQLITE_OK) return Fail(db_->LastError("registering SQL functions"));
  return Ok();
}

Status SqliteEventStore::RefreshView() {
  // The view is TEMP: it calls functions that only exist on Belfry's connections
  // (`belfry events sql` runs queries with it).
  std::string sources;
  for (const auto& [id, s] : segments_) {
    if (!sources.empty()) sources += " UNION ALL ";
    std::string k = TableName(id), d = DataTable(TableName(id));
    sources += fmt::format(
        "SELECT k.id AS id, k.report AS report, k.route AS route, k.flags AS flags, "
        "belfry_block_body(d.data, k.id - d.first_id) AS body, "
        "belfry_block_raw(d.data, k.id - d.first_id) AS raw FROM {0} AS k JOIN {1} AS d "
        "ON d.first_id = (SELECT max(first_id) FROM {1} WHERE first_id <= k.id)",
        k, d);
  }
  if (sources.empty())
    sources =
        "SELECT NULL AS id, NULL AS report, NULL AS route, NULL AS flags, NULL AS body, NULL AS "
        "raw WHERE 0";
  // IntelMQ eventdb column names (initdb.sql), read from the JSON body.
  std::string cols = "e.id AS \"id\"";
  for (size_t i = 0; i < FieldRegistry::Size(); ++i) {
    std::string_view name = FieldRegistry::Name(static_cast<FieldId>(i));
    if (name == "extra") {
      cols +=
          ", (SELECT json_group_object(substr(j.key, 7), j.value) FROM json_each(e.doc) AS j "
          "WHERE j.key LIKE 'extra.%') AS \"extra\"";
    } else if (name == "source.abuse_contact" || name == "destination.abuse_contact") {
      // Where routing mails an event, the routed address is its abuse contact.
      cols += fmt::format(
          ", CASE WHEN e.route_kind IN ('constituent', 'foreign') AND e.route_destination = {1} "
          "THEN e.route_target ELSE json_extract(e.doc, '$.\"{0}\"') END AS \"{0}\"",
          name, name == "destination.abuse_contact" ? 1 : 0);
    } else if (name == "constituency") {
      // The stored routing decision wins over the body's (a re-route changes only the former).
      cols +=
          ", CASE WHEN e.route_kind IS NULL THEN json_extract(e.doc, '$.\"constituency\"') "
          "ELSE nullif(e.route_org, '') END AS \"constituency\"";
    } else if (name == "raw") {
      cols += ", CAST(coalesce(e.raw_prefix, '') || coalesce(e.raw, '') AS TEXT) AS \"raw\"";
    } else {
      cols += fmt::format(", json_extract(e.doc, '$.\"{0}\"') AS \"{0}\"", name);
    }
  }
  // Report-common fields are merged back with json_patch (the event's own values win).
  std::string sql = fmt::format(
      "DROP VIEW IF EXISTS main.events; DROP VIEW IF EXISTS temp.events; "
      "CREATE TEMP VIEW events AS SELECT {}, e.route_kind AS \"route\", "
      "nullif(e.route_target, '') AS \"route_to\", e.flags AS \"time_flags\" "
      "FROM (SELECT s.id, s.raw, r.raw_prefix, rt.kind AS route_kind, rt.org AS route_org, "
      "rt.target AS route_target, rt.destination AS route_destination, s.flags, "
      "CASE WHEN r.common IS NULL THEN s.body ELSE json_patch(r.common, s.body) END AS doc "
      "FROM ({}) AS s LEFT JOIN reports AS r ON r.id = s.report "
      "LEFT JOIN routes AS rt ON rt.id = s.route) AS e;",
      cols, sources);
  return db_->Exec(sql);
}

Status SqliteEventStore::Compact() {
  if (segments_.size() <= max_segments_) return Ok();
  // Under the write lock, segments are read again: another process may have merged some,
  // and a segment it is still writing (unsealed) is never merged.
  BELFRY_RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
  if (auto loaded = LoadSegments(); !loaded) {
    (void)db_->Exec("ROLLBACK");
    return loaded;
  }
  // Merge the smallest segments into one until half the limit remains.
  std::vector<SegmentInfo*> by_size;
  for (auto& [id, s] : segments_)
    if (s.sealed) by_size.push_back(&s);
  std::sort(by_size.begin(), by_size.end(), [](auto* a, auto* b) { return a->rows < b->rows; });
  size_t target = std::max<size_t>(1, max_segments_ / 2);
  size_t merge_count = segments_.size() > max_segments_
                           ? std::min(by_size.size(), segments_.size() - target + 1)
                           : 0;
  if (merge_count < 2) return db_->Exec("COMMIT");
  std::vector<SegmentInfo*> victims(by_size.begin(),
                                    by_size.begin() + static_cast<long>(merge_count));
  auto body = [&]() -> Result<int64_t> {
    int64_t created = 0;
    for (auto* v : victims) created = std::max(created, v->max_seen);
    auto st = db_->Prepare("INSERT INTO segments(created, sealed) VALUES (?, 0)");
    if (!st) return Fail(st.error());
    st->BindInt(1, created);
    BELFRY_RETURN_IF_ERROR(st->Run());
    int64_t id = sqlite3_last_insert_rowid(db_->raw());
    std::string t = TableName(id);
    BELFRY_RETURN_IF_ERROR(db_->Exec(SegmentDdl(t)));
    std::string select, select_data;
    for (auto* v : victims) {
      if (!select.empty()) {
        select += " UNION ALL ";
        select_data += " UNION ALL ";
      }
      select += fmt::format("SELECT * FROM {}", TableName(v->id));
      select_data += fmt::format("SELECT * FROM {}", DataTable(TableName(v->id)));
    }
    BELFRY_RETURN_IF_ERROR(db_->Exec(fmt::format("INSERT INTO {} {} ORDER BY 1", t, select)));
    BELFRY_RETURN_IF_ERROR(
        db_->Exec(fmt::format("INSERT INTO {} {} ORDER BY 1", DataTable(t), select_data)));
    for (auto* v : victims) {
      BELFRY_RETURN_IF_ERROR(db_->Exec(fmt::format("DROP TABLE {}; DROP TABLE {}", TableName(v->id),
                                                   DataTable(TableName(v->id)))));
      auto del = db_->Prepare("DELETE FROM segments WHERE id = ?");
      if (!del) return Fail(del.error());
      del->BindInt(1, v->id);
      BELFRY_RETURN_IF_ERROR(del->Run());
    }
    return id;
  }();
  if (!body) {
    (void)db_->Exec("ROLLBACK");
    return Fail(body.error());
  }
  BELFRY_RETURN_IF_ERROR(db_->Exec("COMMIT"));
  std::vector<int64_t> gone;
  for (auto* v : victims) gone.push_back(v->id);
  for (int64_t g : gone) segments_.erase(g);
  SegmentInfo merged;
  merged.id = *body;
  BELFRY_RETURN_IF_ERROR(RecomputeSegment(&merged));
  auto& ref = segments_[merged.id] = merged;
  BELFRY_RETURN_IF_ERROR(SealSegment(&ref));
  return RefreshView();
}

Result<std::unique_ptr<IngestSession>> SqliteEventStore::BeginIngest(int64_t now) {
  BELFRY_RETURN_IF_ERROR(SyncWithOtherWriters());
  return std::unique_ptr<IngestSession>(new SqliteIngestSession(this, now));
}

Status SqliteEventStore::ForEachRecentHash(int64_t since,
                                           const std::function<void(uint64_t, int64_t)>& fn) {
  BELFRY_RETURN_IF_ERROR(SyncWithOtherWriters());
  for (const auto& [id, s] : segments_) {
    if (s.max_seen < since) continue;
    auto st = db_->Prepare(fmt::format("SELECT hash, seen FROM {} WHERE seen >= ?", TableName(id)));
    if (!st) return Fail(st.error());
    st->BindInt(1, since);
    for (;;) {
      auto r = st->Step();
      if (!r) return Fail(r.error());
      if (!*r) break;
      fn(static_cast<uint64_t>(st->Int(0)), st->Int(1));
    }
  }
  return Ok();
}

Result<std::vector<FoundEvent>> SqliteEventStore::Search(const EventQuery& q) {
  BELFRY_RETURN_IF_ERROR(SyncWithOtherWriters());
  std::string where;
  auto add = [&](const std::string& cond) {
    where += (where.empty() ? " WHERE " : " AND ") + cond;
  };
  if (q.ip) add("ip = :ip");
  if (q.cidr) add("ip BETWEEN :lo AND :hi");
  if (q.asn) add("asn = :asn");
  if (!q.type.empty()) add("type = :type");
  if (!q.feed.empty()) add("feed = :feed");
  if (q.since_micros) add("ts >= :since");
  if (q.until_micros) add("ts < :until");
  std::string sql;
  for (const auto& [id, s] : segments_) {
    if (s.rows == 0) continue;
    // Skip segments the catalog rules out.
    if ((q.since_micros || q.until_micros) && !s.has_ts) continue;
    if (q.since_micros && s.max_ts < *q.since_micros) continue;
    if (q.until_micros && s.min_ts >= *q.until_micros) continue;
    if (!s.values_overflow) {
      if (!q.feed.empty() && !s.feeds.count(q.feed)) continue;
      if (!q.type.empty() && !s.types.count(q.type)) continue;
    }
    if (!sql.empty()) sql += " UNION ALL ";
    sql += fmt::format("SELECT id, ts, report, route, flags, notified, {} AS seg FROM {}{}", id,
                       TableName(id), where);
  }
  std::vector<FoundEvent> out;
  if (sql.empty()) return out;
  sql = fmt::format(
      "SELECT s.id, s.seg, r.common, coalesce(r.raw_prefix, ''), rt.kind, rt.org, rt.target, "
      "coalesce(s.flags, 0), s.notified, rt.destination FROM ({}) AS s "
      "LEFT JOIN reports AS r ON r.id = s.report LEFT JOIN routes AS rt ON rt.id = s.route "
      "ORDER BY s.ts DESC, s.id DESC LIMIT :limit",
      sql);
  auto st = db_->Prepare(sql);
  if (!st) return Fail(st.error());
  auto bind = [&](const char* name, auto fn) {
    int i = st->ParamIndex(name);
    if (i > 0) fn(i);
  };
  if (q.ip) bind(":ip", [&](int i) { BindIp(*st, i, *q.ip); });
  if (q.cidr) {
    bind(":lo", [&](int i) { BindIp(*st, i, q.cidr->first()); });
    bind(":hi", [&](int i) { BindIp(*st, i, q.cidr->last()); });
  }
  if (q.asn) bind(":asn", [&](int i) { st->BindInt(i, *q.asn); });
  bind(":type", [&](int i) { st->BindText(i, q.type); });
  bind(":feed", [&](int i) { st->BindText(i, q.feed); });
  if (q.since_micros) bind(":since", [&](int i) { st->BindInt(i, *q.since_micros); });
  if (q.until_micros) bind(":until", [&](int i) { st->BindInt(i, *q.until_micros); });
  bind(":limit", [&](int i) { st->BindInt(i, static_cast<int64_t>(q.limit)); });
  struct Hit {
    int64_t id, seg;
    std::string common, raw_prefix;
    std::optional<RouteFields> route;
    uint8_t flags = 0;
    bool notified = false;
  };
  std::vector<Hit> hits;
  for (;;) {
    auto r = st->Step();
    if (!r) return Fail(r.error());
    if (!*r) break;
    Hit h;
    h.id = st->Int(0);
    h.seg = st->Int(1);
    h.common = std::string(st->Text(2));
    h.raw_prefix = std::string(st->Text(3));
    if (!st->IsNull(4)) {
      h.route = RouteFields{std::string(st->Text(4)), std::string(st->Text(5)),
                            std::string(st->Text(6)), st->Int(9) != 0};
    }
    h.flags = static_cast<uint8_t>(st->Int(7));
    h.notified = st->Int(8) != 0;
    hits.push_back(std::move(h));
  }
  // Bodies come from their blocks; consecutive hits often share one.
  int64_t cached_seg = -1, cached_first = -1;
  std::string storage;
  std::vector<BlockEntry> entries;
  for (const auto& h : hits) {
    auto blk = db_->Prepare(fmt::format(
        "SELECT first_id, data FROM {} WHERE first_id <= ? ORDER BY first_id DESC LIMIT 1",
        DataTable(TableName(h.seg))));
    if (!blk) return Fail(blk.error());
    blk->BindInt(1, h.id);
    auto row = blk->Step();
    if (!row) return Fail(row.error());
    if (!*row) return Fail(Error::Corruption(fmt::format("event {} has no data block", h.id)));
    int64_t first = blk->Int(0);
    if (first != cached_first || h.seg != cached_seg) {
      BELFRY_RETURN_IF_ERROR(DecodeBlock(blk->Text(1), &storage, &entries));
      cached_first = first;
      cached_seg = h.seg;
    }
    size_t index = static_cast<size_t>(h.id - first);
    if (index >= entries.size())
      return Fail(Error::Corruption(fmt::format("event {} is missing from its block", h.id)));
    FoundEvent f;
    f.id = h.id;
    f.route = h.route;
    f.time_flags = h.flags;
    f.notified = h.notified;
    f.raw_prefix = h.raw_prefix;
    f.raw = std::string(entries[index].raw);
    // The report's common fields first, then the event's own.
    Event event;
    if (!h.common.empty()) {
      auto common = ParseEventJson(h.common);
      if (!common)
        return Fail(Error::Corruption(
            fmt::format("report of event {}: {}", h.id, common.error().message())));
      event = std::move(*common);
    }
    BELFRY_RETURN_IF_ERROR(DecodeEventBody(entries[index].body, &event));
    if (h.route) ApplyRoute(*h.route, &event);
    JsonWriteOptions opts;
    opts.include_raw = false;
    AppendEventJson(event, opts, &f.body);
    out.push_back(std::move(f));
  }
  return out;
}

// Rewrites the blocks of a segment: entries whose key row is gone lose their body and raw,
// entries seen before `raw_cutoff` lose their raw record. Returns raw records cleared.
Result<uint64_t> SqliteEventStore::RewriteBlocks(int64_t id, int64_t raw_cutoff) {
  std::string k = TableName(id), d = DataTable(k);
  auto blocks = db_->Prepare(fmt::format("SELECT first_id, count, data FROM {}", d));
  if (!blocks) return Fail(blocks.error());
  auto seen = db_->Prepare(fmt::format("SELECT id, seen FROM {} WHERE id BETWEEN ? AND ?", k));
  if (!seen) return Fail(seen.error());
  auto update = db_->Prepare(fmt::format("UPDATE {} SET data = ? WHERE first_id = ?", d));
  if (!update) return Fail(update.error());
  auto drop = db_->Prepare(fmt::format("DELETE FROM {} WHERE first_id = ?", d));
  if (!drop) return Fail(drop.error());
  struct Change {
    int64_t first_id;
    std::string data;  // empty = delete the block
  };
  std::vector<Change> changes;
  uint64_t cleared = 0;
  std::string storage, encoded;
  std::vector<BlockEntry> entries;
  BlockEncoder encoder;
  for (;;) {
    auto r = blocks->Step();
    if (!r) return Fail(r.error());
    if (!*r) break;
    int64_t first = blocks->Int(0), count = blocks->Int(1);
    BELFRY_RETURN_IF_ERROR(DecodeBlock(blocks->Text(2), &storage, &entries));
    std::vector<int64_t> seen_at(entries.size(), -1);
    seen->BindInt(1, first);
    seen->BindInt(2, first + count - 1);
    for (;;) {
      auto sr = seen->Step();
      if (!sr) return Fail(sr.error());
      if (!*sr) break;
      size_t i = static_cast<size_t>(seen->Int(0) - first);
      if (i < seen_at.size()) seen_at[i] = seen->Int(1);
    }
    seen->Reset();
    bool changed = false, any_left = false;
    for (size_t i = 0; i < entries.size(); ++i) {
      std::string_view body = entries[i].body, raw = entries[i].raw;
      if (seen_at[i] < 0) {
        changed |= !body.empty() || !raw.empty();
        body = raw = {};
      } else {
        any_left = true;
        if (seen_at[i] < raw_cutoff && !raw.empty()) {
          raw = {};
          changed = true;
          ++cleared;
        }
      }
      encoder.Add(body, raw);
    }
    encoder.Finish(&encoded);
    if (!any_left)
      changes.push_back({first, ""});
    else if (changed)
      changes.push_back({first, encoded});
  }
  for (const auto& c : changes) {
    if (c.data.empty()) {
      drop->BindInt(1, c.first_id);
      BELFRY_RETURN_IF_ERROR(drop->Run());
    } else {
      update->BindBlob(1, c.data);
      update->BindInt(2, c.first_id);
      BELFRY_RETURN_IF_ERROR(update->Run());
    }
  }
  return cleared;
}

Result<PurgeStats> SqliteEventStore::Purge(const RetentionConfig& retention, int64_t now) {
  BELFRY_RETURN_IF_ERROR(SyncWithOtherWriters());
  PurgeStats stats;
  int64_t event_cutoff = now - retention.events_seconds;
  int64_t raw_cutoff = now - retention.raw_seconds;
  BELFRY_RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
  auto body = [&]() -> Status {
    std::vector<int64_t> dropped;
    for (auto& [id, s] : segments_) {
      std::string t = TableName(id);
      if (s.max_seen < event_cutoff) {
        stats.events_deleted += static_cast<uint64_t>(s.rows);
        BELFRY_RETURN_IF_ERROR(
            db_->Exec(fmt::format("DROP TABLE {}; DROP TABLE {}", t, DataTable(t))));
        auto del = db_->Prepare("DELETE FROM segments WHERE id = ?");
        if (!del) return Fail(del.error());
        del->BindInt(1, id);
        BELFRY_RETURN_IF_ERROR(del->Run());
        dropped.push_back(id);
        continue;
      }
      auto oldest = db_->Prepare(fmt::format("SELECT min(seen) FROM {}", t));
      if (!oldest) return Fail(oldest.error());
      auto row = oldest->Step();
      if (!row) return Fail(row.error());
      int64_t min_seen = oldest->Int(0);
      if (min_seen >= raw_cutoff) continue;  // nothing old enough here
      auto del = db_->Prepare(fmt::format("DELETE FROM {} WHERE seen < ?", t));
      if (!del) return Fail(del.error());
      del->BindInt(1, event_cutoff);
      BELFRY_RETURN_IF_ERROR(del->Run());
      stats.events_deleted += static_cast<uint64_t>(sqlite3_changes(db_->raw()));
      auto cleared = RewriteBlocks(id, raw_cutoff);
      if (!cleared) return Fail(cleared.error());
      stats.raw_cleared += *cleared;
    }
    for (int64_t id : dropped) segments_.erase(id);
    for (auto& [id, s] : segments_) {
      BELFRY_RETURN_IF_ERROR(RecomputeSegment(&s));
      BELFRY_RETURN_IF_ERROR(SaveSegment(s));
    }
    auto rep = db_->Prepare("DELETE FROM reports WHERE received < ?");
    if (!rep) return Fail(rep.error());
    rep->BindInt(1, event_cutoff);
    BELFRY_RETURN_IF_ERROR(rep->Run());
    stats.reports_deleted = static_cast<uint64_t>(sqlite3_changes(db_->raw()));
    auto pre = db_->Prepare(
        "UPDATE reports SET raw_prefix = NULL WHERE received < ? AND raw_prefix IS NOT NULL");
    if (!pre) return Fail(pre.error());
    pre->BindInt(1, raw_cutoff);
    return pre->Run();
  }();
  if (!body) {
    (void)db_->Exec("ROLLBACK");
    BELFRY_RETURN_IF_ERROR(LoadSegments());
    return Fail(body.error());
  }
  BELFRY_RETURN_IF_ERROR(db_->Exec("COMMIT"));
  BELFRY_RETURN_IF_ERROR(RefreshView());
  return stats;
}

Result<StoreStats> SqliteEventStore::Stats() {
  BELFRY_RETURN_IF_ERROR(SyncWithOtherWriters());
  StoreStats s;
  for (const auto& [id, seg] : segments_) s.events += static_cast<uint64_t>(seg.rows);
  s.segments = segments_.size();
  auto st = db_->Prepare("SELECT count(*) FROM reports");
  if (!st) return Fail(st.error());
  auto r = st->Step();
  if (!r) return Fail(r.error());
  s.reports = static_cast<uint64_t>(st->Int(0));
  return s;
}

}  // namespace belfry

namespace belfry {

Status SqliteEventStore::Query(const std::string& sql,
                               const std::function<void(const std::vector<std::string>&,
                                                        const std::vector<std::string>&)>& row) {
  BELFRY_RETURN_IF_ERROR(SyncWithOtherWriters());
  // Only reads: statements that write are refused, and an authorizer also refuses ATTACH
  // (which would create files) and PRAGMA (which can change the connection).
  sqlite3_set_authorizer(
      db_->raw(),
      [](void*, int action, const char*, const char*, const char*, const char*) {
        return (action == SQLITE_ATTACH || action == SQLITE_DETACH || action == SQLITE_PRAGMA)
                   ? SQLITE_DENY
                   : SQLITE_OK;
      },
      nullptr);
  struct ClearAuthorizer {
    sqlite3* db;
    ~ClearAuthorizer() { sqlite3_set_authorizer(db, nullptr, nullptr); }
  } clear{db_->raw()};
  auto st = db_->Prepare(sql);
  if (!st) return Fail(Error::InvalidInput(st.error().message()));
  if (!st->ReadOnly()) return Fail(Error::InvalidInput("only read-only queries are allowed"));
  std::vector<std::string> names, values;
  for (;;) {
    auto r = st->Step();
    if (!r) return Fail(r.error());
    if (!*r) break;
    if (names.empty()) {
      for (int i = 0; i < st->ColumnCount(); ++i) names.emplace_back(st->ColumnName(i));
    }
    values.clear();
    for (int i = 0; i < st->ColumnCount(); ++i)
      values.emplace_back(st->IsNull(i) ? "" : std::string(st->Text(i)));
    row(names, values);
  }
  return Ok();
}

}  // namespace belfry

namespace belfry {

Result<uint64_t> SqliteEventStore::Reroute(
    const std::function<RouteFields(Event*, bool destination)>& route) {
  uint64_t changed = 0;
  BELFRY_RETURN_IF_ERROR(SyncWithOtherWriters());
  BELFRY_RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
  auto fail = [&](const Error& e) -> Result<uint64_t> {
    (void)db_->Exec("ROLLBACK");
    return Fail(e);
  };
  for (const auto& [id, seg] : segments_) {
    const std::string k = TableName(id), d = DataTable(k);
    auto rows = db_->Prepare(fmt::format(
        "SELECT k.id, k.route, r.common, coalesce(rt.destination, 0) FROM {} AS k "
        "LEFT JOIN reports AS r ON r.id = k.report LEFT JOIN routes AS rt ON rt.id = k.route "
        "WHERE k.notified = 0 ORDER BY k.id",
        k));
    auto blocks = db_->Prepare(fmt::format("SELECT first_id, data FROM {} ORDER BY first_id", d));
    auto update = db_->Prepare(fmt::format("UPDATE {} SET route = ? WHERE id = ?", k));
    if (!rows || !blocks || !update) {
      return fail(!rows ? rows.error() : !blocks ? blocks.error() : update.error());
    }
    int64_t block_first = -1, next_first = -1, decoded_first = -1;
    bool blocks_done = false;
    std::string storage, block_data, common_text;
    std::vector<BlockEntry> entries;
    Event common, event;
    auto advance = [&]() -> Status {  // reads the next block
      auto r = blocks->Step();
      if (!r) return Fail(r.error());
      if (!*r) {
        blocks_done = true;
        next_first = INT64_MAX;
        return Ok();
      }
      next_first = blocks->Int(0);
      return Ok();
    };
    BELFRY_RETURN_IF_ERROR(advance());
    for (;;) {
      auto r = rows->Step();
      if (!r) return fail(r.error());
      if (!*r) break;
      const int64_t event_id = rows->Int(0);
      while (!blocks_done && next_first <= event_id) {
        block_first = next_first;
        block_data.assign(blocks->Text(1));
        if (auto st = advance(); !st) return fail(st.error());
      }
      if (block_first < 0) continue;
      if (decoded_first != block_first) {
        if (auto st = DecodeBlock(block_data, &storage, &entries); !st) return fail(st.error());
        decoded_first = block_first;
      }
      const size_t index = static_cast<size_t>(event_id - block_first);
      if (index >= entries.size() || entries[index].body.empty()) continue;
      std::string_view report_common = rows->Text(2);
      if (report_common != common_text) {
        common_text.assign(report_common);
        common.Clear();
        if (!common_text.empty()) {
          auto parsed = ParseEventJson(common_text);
          if (parsed) common = std::move(*parsed);
        }
      }
      event.CopyFrom(common);
      if (auto st = DecodeEventBody(entries[index].body, &event); !st) continue;
      auto new_id = RouteId(route(&event, rows->Int(3) != 0));
      if (!new_id) return fail(new_id.error());
      if (!rows->IsNull(1) && rows->Int(1) == *new_id) continue;
      update->BindInt(1, *new_id);
      update->BindInt(2, event_id);
      if (auto st = update->Run(); !st) return fail(st.error());
      ++changed;
    }
  }
  BELFRY_RETURN_IF_ERROR(db_->Exec("COMMIT"));
  return changed;
}

}  // namespace belfry
