// Reading events: search by key columns, and read-only SQL over the eventdb view.

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "model/event_json.h"
#include "store/backends/sqlite/sqlite_event_store.h"
#include "store/backends/sqlite/sqlite_ip.h"
#include "store/event_block.h"
#include "store/event_codec.h"

namespace belfry {
namespace {

struct Hit {
  int64_t id, seg;
  std::optional<int64_t> ts;
  std::string common, raw_prefix;
  std::optional<Route> route;
  uint8_t flags = 0;
  bool notified = false;
};

void ReportDamaged(DamagedEvent d, std::vector<DamagedEvent>* damaged) {
  if (damaged) {
    damaged->push_back(std::move(d));
  } else {
    spdlog::warn("event {} (segment {}, row {}) cannot be read: {}", d.id, d.segment, d.row,
                 d.reason);
  }
}

}  // namespace

Result<std::vector<FoundEvent>> SqliteEventStore::Search(const EventQuery& q,
                                                         std::vector<DamagedEvent>* damaged) {
  std::vector<FoundEvent> out;
  BELFRY_RETURN_IF_ERROR(Scan(
      q,
      [&](FoundEvent& f) {
        out.push_back(std::move(f));
        return Ok();
      },
      damaged));
  return out;
}

// Whether `cidr` matches so many of the segment's events that a page is found sooner by
// time than by address: reading M matches through the ip index and sorting them costs about
// M row lookups, walking the time index about limit * rows / M; they meet near
// sqrt(100 * 131,072) = 3,600 matches (a 32nd of a full segment). Counting stops there.
Result<bool> SqliteEventStore::DenseRange(int64_t segment, int64_t rows, const IpNetwork& cidr) {
  const int64_t kDense = std::clamp<int64_t>(rows / 32, 8, 4096);
  auto st = db_->Prepare(fmt::format(
      "SELECT count(*) FROM (SELECT 1 FROM {} WHERE ip BETWEEN ? AND ? LIMIT {})",
      KeyTable(segment), kDense));
  if (!st) return Fail(st.error());
  BindIp(*st, 1, cidr.first());
  BindIp(*st, 2, cidr.last());
  auto row = st->Step();
  if (!row) return Fail(row.error());
  return *row && st->Int(0) >= kDense;
}

Status SqliteEventStore::Scan(const EventQuery& q, const std::function<Status(FoundEvent&)>& fn,
                              std::vector<DamagedEvent>* damaged) {
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
  if (!q.organisation.empty())
    add("route IN (SELECT id FROM routes WHERE org = :org AND kind IN ('constituent', 'triage'))");
  std::string ids_json;
  std::set<int64_t> id_segments;
  if (!q.ids.empty()) {
    add("id IN (SELECT value FROM json_each(:ids))");
    ids_json = "[";
    for (int64_t id : q.ids) {
      if (ids_json.size() > 1) ids_json += ',';
      ids_json += std::to_string(id);
      id_segments.insert(id >> 32);
    }
    ids_json += ']';
  }
  if (q.above_id) add("id > :above");
  if (q.after) {
    add(q.after->ts ? "(ts < :cts OR ts IS NULL OR (ts = :cts AND id < :cid))"
                    : "(ts IS NULL AND id < :cid)");
  }
  // The same conditions with the ip index ruled out (`+ip`): for a segment where the range
  // is dense, walking the ts index backwards finds a page sooner than reading every match.
  std::string where_by_time = where;
  if (q.cidr) {
    const size_t at = where_by_time.find("ip BETWEEN");
    where_by_time.replace(at, 2, "+ip");
  }
  std::string sql;
  for (const auto& [id, s] : segments_) {
    if (s.rows == 0) continue;
    // Skip segments the catalog rules out.
    if ((q.since_micros || q.until_micros) && !s.has_ts) continue;
    if (!q.ids.empty() && !id_segments.count(id)) continue;
    if (q.above_id && ((id << 32) | 0xFFFFFFFF) <= *q.above_id) continue;
    if (q.since_micros && s.max_ts < *q.since_micros) continue;
    if (q.until_micros && s.min_ts >= *q.until_micros) continue;
    // ids grow with segments: a segment starting at or after the cursor's id holds none
    // of the events after it that share its time (and, for an undated cursor, none at all).
    if (q.after && !q.after->ts && (id << 32) >= q.after->id) continue;
    if (!s.values_overflow) {
      if (!q.feed.empty() && !s.feeds.count(q.feed)) continue;
      if (!q.type.empty() && !s.types.count(q.type)) continue;
    }
    if (!sql.empty()) sql += " UNION ALL ";
    auto dense = q.cidr && !q.unordered ? DenseRange(id, static_cast<int64_t>(s.rows), *q.cidr) : Result<bool>(false);
    if (!dense) return Fail(dense.error());
    // An aggregate scan reads the segment in id order (NOT INDEXED: a table scan), so that
    // consecutive events share their compressed block; through the ts index each event
    // would decode a block of its own.
    // A page in the newest-first order: each segment gives at most its own newest `limit`,
    // so that SQLite can walk the ts index backwards and stop early when many events match
    // (a busy /24), and the outer sort sees segments x limit rows at most.
    sql += fmt::format(
        fmt::runtime(q.unordered ? "SELECT id, ts, report, route, flags, notified, {0} AS seg FROM {1} NOT INDEXED{2}"
                    : "SELECT * FROM (SELECT id, ts, report, route, flags, notified, {0} AS seg "
                      "FROM {1}{2} ORDER BY ts DESC, id DESC LIMIT :limit)"),
        id, KeyTable(id), *dense ? where_by_time : where);
  }
  if (sql.empty()) return Ok();
  sql = fmt::format(
      "SELECT s.id, s.seg, r.common, coalesce(r.raw_prefix, ''), rt.kind, rt.org, rt.target, "
      "coalesce(s.flags, 0), s.notified, rt.destination, s.ts FROM ({}) AS s "
      "LEFT JOIN reports AS r ON r.id = s.report LEFT JOIN routes AS rt ON rt.id = s.route "
      "{} LIMIT :limit",
      sql, q.unordered ? "" : "ORDER BY s.ts DESC, s.id DESC");
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
  bind(":org", [&](int i) { st->BindText(i, q.organisation); });
  bind(":ids", [&](int i) { st->BindText(i, ids_json); });
  if (q.above_id) bind(":above", [&](int i) { st->BindInt(i, *q.above_id); });
  if (q.after) {
    if (q.after->ts) bind(":cts", [&](int i) { st->BindInt(i, *q.after->ts); });
    bind(":cid", [&](int i) { st->BindInt(i, q.after->id); });
  }
  bind(":limit", [&](int i) { st->BindInt(i, static_cast<int64_t>(q.limit)); });
  // Key rows in chunks, then their bodies: memory stays flat however many events match.
  std::vector<Hit> hits;
  int64_t cached_seg = -1, cached_first = -1, block_seg = -1;
  std::string storage;
  std::vector<BlockEntry> entries;
  std::optional<SqliteStmt> blk;
  std::string last_common;  // the report fields parsed last (consecutive hits share a report)
  Event common_event;
  auto DecodeHits = [&]() -> Status {
    // Bodies come from their blocks; consecutive hits often share one.
    for (const auto& h : hits) {
      auto bad = [&](std::string reason) {
        ReportDamaged({h.id, h.seg, h.id & 0xFFFFFFFF, std::move(reason)}, damaged);
      };
      // Hits in the block decoded last (the usual case: ids come in runs) need no query.
      const bool cached = h.seg == cached_seg && h.id >= cached_first &&
                          h.id < cached_first + static_cast<int64_t>(entries.size());
      if (!cached) {
        if (h.seg != block_seg) {
          auto prepared = db_->Prepare(fmt::format(
              "SELECT first_id, data FROM {} WHERE first_id <= ? ORDER BY first_id DESC LIMIT 1",
              DataTable(h.seg)));
          if (!prepared) return Status(Fail(prepared.error()));
          blk = std::move(*prepared);
          block_seg = h.seg;
        }
        blk->Reset();
        blk->BindInt(1, h.id);
        auto row = blk->Step();
        if (!row) return Fail(row.error());
        if (!*row) {
          bad("no data block");
          continue;
        }
        const int64_t block_first = blk->Int(0);
        {
          cached_first = cached_seg = -1;
          if (auto d = DecodeBlock(blk->Text(1), &storage, &entries); !d) {
            bad(d.error().message());
            continue;
          }
          cached_first = block_first;
          cached_seg = h.seg;
        }
      }
      const int64_t first = cached_first;
      const size_t index = static_cast<size_t>(h.id - first);
      if (index >= entries.size()) {
        bad("missing from its block");
        continue;
      }
      FoundEvent f;
      f.id = h.id;
      f.ts = h.ts;
      f.route = h.route;
      f.time_flags = h.flags;
      f.notified = h.notified;
      f.raw_prefix = h.raw_prefix;
      if (q.text) f.raw = std::string(entries[index].raw);
      // The report's common fields first, then the event's own.
      if (h.common != last_common) {
        common_event = Event();
        last_common.clear();
        if (!h.common.empty()) {
          auto common = ParseEventJson(h.common);
          if (!common) {
            bad("report fields: " + common.error().message());
            continue;
          }
          common_event = std::move(*common);
        }
        last_common = h.common;
      }
      f.event = common_event;
      Event& event = f.event;
      if (auto d = DecodeEventBody(entries[index].body, &event, q.extras || q.text); !d) {
        bad(d.error().message());
        continue;
      }
      if (h.route) ApplyRoute(*h.route, &event);
      if (q.text) {
        JsonWriteOptions opts;
        opts.include_raw = false;
        AppendEventJson(event, opts, &f.body);
      }
      BELFRY_RETURN_IF_ERROR(fn(f));
    }
    return Ok();
  };
  for (bool more = true; more;) {
    auto r = st->Step();
    if (!r) return Fail(r.error());
    more = *r;
    if (!more || hits.size() == 4096) {
      BELFRY_RETURN_IF_ERROR(DecodeHits());
      hits.clear();
    }
    if (!more) break;
    Hit h;
    h.id = st->Int(0);
    h.seg = st->Int(1);
    if (!st->IsNull(10)) h.ts = st->Int(10);
    h.common = std::string(st->Text(2));
    h.raw_prefix = std::string(st->Text(3));
    if (!st->IsNull(4)) {
      Route route;
      route.kind = ParseRouteKind(st->Text(4)).value_or(RouteKind::kUnrouted);
      route.org = std::string(st->Text(5));
      route.target = std::string(st->Text(6));
      route.destination = st->Int(9) != 0;
      h.route = std::move(route);
    }
    h.flags = static_cast<uint8_t>(st->Int(7));
    h.notified = st->Int(8) != 0;
    hits.push_back(std::move(h));
  }
  return Ok();
}

Status SqliteEventStore::Query(const std::string& sql, const QueryRowFn& row) {
  BELFRY_RETURN_IF_ERROR(SyncWithOtherWriters());
  // Only reads: statements that write are refused, and an authorizer also refuses ATTACH
  // (which would create files) and PRAGMA (which can change the connection).
  sqlite3_set_authorizer(
      db_->raw(),
      [](void*, int action, const char*, const char* name, const char*, const char*) {
        if (action == SQLITE_ATTACH || action == SQLITE_DETACH || action == SQLITE_PRAGMA)
          return SQLITE_DENY;
        // fts3_tokenizer('simple') returns a pointer into this process's memory.
        if (action == SQLITE_FUNCTION && name && sqlite3_stricmp(name, "fts3_tokenizer") == 0)
          return SQLITE_DENY;
        return SQLITE_OK;
      },
      nullptr);
  struct ClearAuthorizer {
    sqlite3* db;
    ~ClearAuthorizer() { sqlite3_set_authorizer(db, nullptr, nullptr); }
  } clear{db_->raw()};
  auto st = db_->PrepareSingle(sql);
  if (!st) return Fail(Error::InvalidInput(st.error().message()));
  if (!st->ReadOnly()) return Fail(Error::InvalidInput("only read-only queries are allowed"));
  std::vector<std::string> names, values;
  std::vector<SqlType> types;
  for (;;) {
    auto r = st->Step();
    if (!r) return Fail(r.error());
    if (!*r) break;
    if (names.empty()) {
      for (int i = 0; i < st->ColumnCount(); ++i) names.emplace_back(st->ColumnName(i));
    }
    values.clear();
    types.clear();
    for (int i = 0; i < st->ColumnCount(); ++i) {
      switch (st->Type(i)) {
        case SQLITE_NULL:
          types.push_back(SqlType::kNull);
          break;
        case SQLITE_INTEGER:
          types.push_back(SqlType::kInteger);
          break;
        case SQLITE_FLOAT:
          types.push_back(SqlType::kFloat);
          break;
        case SQLITE_BLOB:
          types.push_back(SqlType::kBlob);
          break;
        default:
          types.push_back(SqlType::kText);
      }
      values.emplace_back(st->IsNull(i) ? "" : std::string(st->Text(i)));
    }
    row(names, values, types);
  }
  return Ok();
}

}  // namespace belfry
