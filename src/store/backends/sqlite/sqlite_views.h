#pragma once
// What SQL sees of the event store.
//
// - A permanent view `events` in the database file, with IntelMQ eventdb's names for the key
//   columns (time.source, source.ip, source.asn, classification.taxonomy/type, feed.name,
//   constituency, route, route_to): any SQLite client (the sqlite3 shell, Python, Grafana)
//   can query it without Belfry.
// - On Belfry's own connections, a TEMP view `events` that shadows it with every eventdb
//   column, read from the compressed bodies through the SQL functions belfry_block_body()
//   and belfry_block_raw() (`belfry events sql`).

#include <string>

#include "core/result.h"
#include "store/backends/sqlite/segment_catalog.h"
#include "store/backends/sqlite/sqlite_db.h"

namespace belfry {

Status RegisterBlockFunctions(SqliteDb& db);
Status CreateFullEventsView(SqliteDb& db, const SegmentMap& segments);
// The permanent key view's CREATE statement for these segments.
std::string KeyViewSql(const SegmentMap& segments);
// Rewrites the permanent view when the segment set changed. Inside a write transaction.
Status WriteKeyView(SqliteDb& db, const SegmentMap& segments);
// True when the permanent view is missing or was built for other segments.
Result<bool> KeyViewStale(SqliteDb& db, const SegmentMap& segments);

}  // namespace belfry
