#include "store/backends/sqlite/sqlite_views.h"

#include <fmt/format.h>

#include "model/event.h"
#include "model/event_json.h"
#include "model/field_registry.h"
#include "model/route.h"
#include "model/taxonomy.h"
#include "store/event_block.h"
#include "store/event_codec.h"

namespace belfry {
namespace {

// SQL functions belfry_block_body(data, index) / belfry_block_raw(data, index): one entry of
// a compressed block. The last decoded block is cached, so a scan decodes each block once.
struct BlockCache {
  std::string key;  // the compressed bytes of the cached block
  std::string storage;
  std::vector<BlockEntry> entries;
};

void BlockFunction(sqlite3_context* ctx, sqlite3_value** argv, bool want_raw) {
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
  if (auto st = DecodeEventBody(v, &event); !st) {
    const std::string msg = "event body: " + st.error().message();
    return sqlite3_result_error(ctx, msg.c_str(), -1);
  }
  std::string json;
  JsonWriteOptions opts;
  opts.include_raw = false;
  opts.compact = true;
  AppendEventJson(event, opts, &json);
  sqlite3_result_text(ctx, json.data(), static_cast<int>(json.size()), SQLITE_TRANSIENT);
}

// 'constituent', 'foreign': the route kinds that are mailed (model/route.h), as SQL.
std::string MailedKindsSql() {
  std::string out;
  for (RouteKind k : kAllRouteKinds) {
    if (!IsMailed(k)) continue;
    out += fmt::format("{}'{}'", out.empty() ? "" : ", ", RouteKindName(k));
  }
  return out;
}

// classification.taxonomy from the stored type (RSIT, model/taxonomy.h).
std::string TaxonomySql(const char* type_column) {
  std::string out = fmt::format("CASE {}", type_column);
  for (std::string_view t : Taxonomy::Types())
    out += fmt::format(" WHEN '{}' THEN '{}'", t, Taxonomy::TaxonomyOfType(t));
  return out + " ELSE NULL END";
}

}  // namespace

Status RegisterBlockFunctions(SqliteDb& db) {
  // Each function owns its cache; SQLite frees it with the connection.
  auto destroy = [](void* p) { delete static_cast<BlockCache*>(p); };
  int rc = sqlite3_create_function_v2(
      db.raw(), "belfry_block_body", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, new BlockCache,
      [](sqlite3_context* c, int, sqlite3_value** v) { BlockFunction(c, v, false); }, nullptr,
      nullptr, destroy);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2(
        db.raw(), "belfry_block_raw", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, new BlockCache,
        [](sqlite3_context* c, int, sqlite3_value** v) { BlockFunction(c, v, true); }, nullptr,
        nullptr, destroy);
  if (rc != SQLITE_OK) return Fail(db.LastError("registering SQL functions"));
  return Ok();
}

Status CreateFullEventsView(SqliteDb& db, const SegmentMap& segments) {
  std::string sources;
  for (const auto& [id, s] : segments) {
    if (!sources.empty()) sources += " UNION ALL ";
    sources += fmt::format(
        "SELECT k.id AS id, k.report AS report, k.route AS route, k.flags AS flags, "
        "belfry_block_body(d.data, k.id - d.first_id) AS body, "
        "belfry_block_raw(d.data, k.id - d.first_id) AS raw FROM {0} AS k JOIN {1} AS d "
        "ON d.first_id = (SELECT max(first_id) FROM {1} WHERE first_id <= k.id)",
        KeyTable(id), DataTable(id));
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
          ", CASE WHEN e.route_kind IN ({2}) AND e.route_destination = {1} "
          "THEN e.route_target ELSE json_extract(e.doc, '$.\"{0}\"') END AS \"{0}\"",
          name, name == "destination.abuse_contact" ? 1 : 0, MailedKindsSql());
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
  return db.Exec(fmt::format(
      "DROP VIEW IF EXISTS temp.events; "
      "CREATE TEMP VIEW events AS SELECT {}, e.route_kind AS \"route\", "
      "nullif(e.route_target, '') AS \"route_to\", e.flags AS \"time_flags\" "
      "FROM (SELECT s.id, s.raw, r.raw_prefix, rt.kind AS route_kind, rt.org AS route_org, "
      "rt.target AS route_target, rt.destination AS route_destination, s.flags, "
      "CASE WHEN r.common IS NULL THEN s.body ELSE json_patch(r.common, s.body) END AS doc "
      "FROM ({}) AS s LEFT JOIN reports AS r ON r.id = s.report "
      "LEFT JOIN routes AS rt ON rt.id = s.route) AS e;",
      cols, sources));
}

std::string KeyViewSql(const SegmentMap& segments) {
  std::string sources;
  for (const auto& [id, s] : segments) {
    if (!sources.empty()) sources += " UNION ALL ";
    sources += fmt::format(
        "SELECT id, ts, ip, asn, type, feed, route, flags, notified, seen FROM {}", KeyTable(id));
  }
  if (sources.empty())
    sources =
        "SELECT NULL AS id, NULL AS ts, NULL AS ip, NULL AS asn, NULL AS type, NULL AS feed, "
        "NULL AS route, NULL AS flags, NULL AS notified, NULL AS seen WHERE 0";
  // IPv4 is stored as an integer, IPv6 as 16 bytes (shown uncompressed: 2001:0db8:…).
  std::string ip6 = "lower(";
  for (int g = 0; g < 8; ++g)
    ip6 += fmt::format("{}substr(hex(k.ip), {}, 4)", g ? " || ':' || " : "", 1 + g * 4);
  ip6 += ")";
  return fmt::format(
      "CREATE VIEW events AS SELECT k.id AS \"id\", "
      "strftime('%Y-%m-%dT%H:%M:%S', k.ts / 1000000, 'unixepoch') || "
      "CASE WHEN k.ts % 1000000 = 0 THEN '' ELSE printf('.%06d', k.ts % 1000000) END || "
      "'+00:00' AS \"time.source\", "
      "CASE typeof(k.ip) WHEN 'integer' THEN ((k.ip >> 24) & 255) || '.' || ((k.ip >> 16) & 255) "
      "|| '.' || ((k.ip >> 8) & 255) || '.' || (k.ip & 255) WHEN 'blob' THEN {} END AS "
      "\"source.ip\", k.asn AS \"source.asn\", {} AS \"classification.taxonomy\", "
      "k.type AS \"classification.type\", k.feed AS \"feed.name\", "
      "nullif(rt.org, '') AS \"constituency\", rt.kind AS \"route\", "
      "nullif(rt.target, '') AS \"route_to\", k.flags AS \"time_flags\", "
      "k.notified AS \"notified\", k.seen AS \"seen\" "
      "FROM ({}) AS k LEFT JOIN routes AS rt ON rt.id = k.route",
      ip6, TaxonomySql("k.type"), sources);
}

Result<bool> KeyViewStale(SqliteDb& db, const SegmentMap& segments) {
  auto st =
      db.Prepare("SELECT sql FROM main.sqlite_master WHERE type = 'view' AND name = 'events'");
  if (!st) return Fail(st.error());
  auto row = st->Step();
  if (!row) return Fail(row.error());
  return !*row || st->Text(0) != KeyViewSql(segments);
}

Status WriteKeyView(SqliteDb& db, const SegmentMap& segments) {
  return db.Exec("DROP VIEW IF EXISTS main.events; " + KeyViewSql(segments));
}

}  // namespace belfry
