#include "store/backends/sqlite/segment_catalog.h"

#include <fmt/format.h>
#include <simdjson.h>

#include "core/text.h"

namespace belfry {
namespace {

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

}  // namespace

std::string SegmentDdl(int64_t id) {
  return fmt::format(
      "CREATE TABLE IF NOT EXISTS {0} ("
      "id INTEGER PRIMARY KEY, ts INTEGER, ip BLOB, asn INTEGER, type TEXT, feed TEXT, "
      "hash INTEGER NOT NULL, seen INTEGER NOT NULL, report INTEGER, route INTEGER, flags INTEGER, "
      "notified INTEGER NOT NULL DEFAULT 0);"
      "CREATE TABLE IF NOT EXISTS {1} (first_id INTEGER PRIMARY KEY, count INTEGER NOT NULL, data "
      "BLOB NOT NULL);",
      KeyTable(id), DataTable(id));
}

Result<SegmentMap> LoadSegments(SqliteDb& db) {
  SegmentMap out;
  auto st = db.Prepare(
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
    if (st->IsNull(7)) {
      s.values_overflow = true;
    } else {
      s.feeds = SplitSet(st->Text(7));
      s.types = SplitSet(st->Text(8));
    }
    out[s.id] = std::move(s);
  }
  return out;
}

Status SaveSegment(SqliteDb& db, const SegmentInfo& s) {
  auto st = db.Prepare(
      "UPDATE segments SET sealed=?, rows=?, min_ts=?, max_ts=?, has_null_ts=?, max_seen=?, "
      "feeds=?, types=? WHERE id=?");
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

Status RecomputeSegment(SqliteDb& db, SegmentInfo* s) {
  const std::string t = KeyTable(s->id);
  BELFRY_RETURN_IF_ERROR(db.Exec(SegmentDdl(s->id)));
  auto st = db.Prepare(fmt::format(
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
  if (s->values_overflow) return Ok();
  for (auto [col, set] :
       {std::pair<const char*, std::set<std::string>*>{"feed", &s->feeds}, {"type", &s->types}}) {
    auto q = db.Prepare(fmt::format("SELECT DISTINCT coalesce({0}, '') FROM {1}", col, t));
    if (!q) return Fail(q.error());
    for (;;) {
      auto row = q->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      set->emplace(q->Text(0));
    }
  }
  return Ok();
}

Status BuildSegmentIndexes(SqliteDb& db, const SegmentInfo& s) {
  // Indexes that serve search by IP/CIDR, ASN and time; feed and type get one only when
  // the segment holds more than one value (else the catalog already answers).
  const std::string t = KeyTable(s.id);
  BELFRY_RETURN_IF_ERROR(
      db.Exec(fmt::format("CREATE INDEX IF NOT EXISTS {0}_ip ON {0}(ip) WHERE ip IS NOT NULL;"
                          "CREATE INDEX IF NOT EXISTS {0}_asn ON {0}(asn) WHERE asn IS NOT NULL;"
                          "CREATE INDEX IF NOT EXISTS {0}_ts ON {0}(ts);",
                          t)));
  if (s.values_overflow || s.feeds.size() > 1)
    BELFRY_RETURN_IF_ERROR(
        db.Exec(fmt::format("CREATE INDEX IF NOT EXISTS {0}_feed ON {0}(feed, ts)", t)));
  if (s.values_overflow || s.types.size() > 1)
    BELFRY_RETURN_IF_ERROR(
        db.Exec(fmt::format("CREATE INDEX IF NOT EXISTS {0}_type ON {0}(type, ts)", t)));
  return Ok();
}

Result<int64_t> CreateSegment(SqliteDb& db, int64_t created) {
  auto st = db.Prepare("INSERT INTO segments(created, sealed) VALUES (?, 0)");
  if (!st) return Fail(st.error());
  st->BindInt(1, created);
  BELFRY_RETURN_IF_ERROR(st->Run());
  const int64_t id = db.LastInsertRowid();
  BELFRY_RETURN_IF_ERROR(db.Exec(SegmentDdl(id)));
  return id;
}

Status DropSegment(SqliteDb& db, int64_t id) {
  BELFRY_RETURN_IF_ERROR(db.Exec(fmt::format("DROP TABLE IF EXISTS {}; DROP TABLE IF EXISTS {}",
                                             KeyTable(id), DataTable(id))));
  auto del = db.Prepare("DELETE FROM segments WHERE id = ?");
  if (!del) return Fail(del.error());
  del->BindInt(1, id);
  return del->Run();
}

}  // namespace belfry
