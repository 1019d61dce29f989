#pragma once
// The PostgreSQL backend's schema, versioned (belfry_meta.schema_version): migrations are
// applied in order, each in the one transaction of `belfry db migrate` under an advisory
// lock (concurrent processes migrate once); a newer database is refused naming both
// versions; an older one is refused at start with the command to run.
//
//   1  IntelMQ's eventdb `events` table (columns, types and indexes of intelmq_psql_initdb)

#include <string>

#include "core/result.h"
#include "store/backends/postgres/pg_db.h"

namespace belfry {

inline constexpr int kPgSchemaVersion = 1;

struct PgMigration {
  int from = 0, to = 0;
};

// 0 for a database Belfry never migrated.
Result<int> PgSchemaVersion(PgDb& db);
Result<PgMigration> PgMigrate(PgDb& db);
// Ok when the database has this build's version; else the error says what to do.
Status PgRequireCurrent(PgDb& db, const std::string& url);

}  // namespace belfry
