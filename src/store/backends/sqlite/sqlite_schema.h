#pragma once
// Versions of the SQLite event store's schema and the migrations between them. A database
// from a newer version is refused with both versions named; an older one is migrated in
// one transaction. tests/data/store holds databases written by each released version.
//
//   1  segments, reports, meta
//   2  routing: routes table; route, flags, notified columns in every segment

#include "core/result.h"
#include "store/backends/sqlite/sqlite_db.h"

namespace belfry {

inline constexpr int kEventSchemaVersion = 2;

// Creates the tables of a new database, or migrates an older one.
Status MigrateEventSchema(SqliteDb& db);
// Without writing anything: Ok when the database has this build's schema; kUnavailable when
// it is older (a writer upgrades it) or has none yet; kCorruption when it is newer.
Status CheckEventSchemaCurrent(SqliteDb& db);

}  // namespace belfry
