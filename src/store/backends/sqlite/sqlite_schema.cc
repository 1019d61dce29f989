#include "store/backends/sqlite/sqlite_schema.h"

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "store/backends/sqlite/segment_catalog.h"

namespace belfry {
namespace {

Status CreateBaseTables(SqliteDb& db) {
  return db.Exec(
      "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
      "CREATE TABLE IF NOT EXISTS reports(id INTEGER PRIMARY KEY, feed TEXT, file_name TEXT, "
      "  received INTEGER NOT NULL, raw_prefix BLOB, common TEXT);"
      "CREATE TABLE IF NOT EXISTS segments(id INTEGER PRIMARY KEY, created INTEGER NOT NULL, "
      "  sealed INTEGER NOT NULL DEFAULT 0, rows INTEGER NOT NULL DEFAULT 0, min_ts INTEGER, "
      "  max_ts INTEGER, has_null_ts INTEGER NOT NULL DEFAULT 0, "
      "  max_seen INTEGER NOT NULL DEFAULT 0, feeds TEXT, types TEXT);"
      "CREATE TABLE IF NOT EXISTS routes(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
      "  org TEXT NOT NULL, target TEXT NOT NULL, destination INTEGER NOT NULL, "
      "  UNIQUE(kind, org, target, destination));");
}

// Version 1 segments get the routing columns; their events count as not routed.
Status MigrateFrom1(SqliteDb& db) {
  auto ids = db.Prepare("SELECT id FROM segments");
  if (!ids) return Fail(ids.error());
  std::vector<int64_t> segs;
  for (;;) {
    auto r = ids->Step();
    if (!r) return Fail(r.error());
    if (!*r) break;
    segs.push_back(ids->Int(0));
  }
  for (int64_t id : segs) {
    BELFRY_RETURN_IF_ERROR(db.Exec(fmt::format(
        "ALTER TABLE {0} ADD COLUMN route INTEGER; ALTER TABLE {0} ADD COLUMN flags INTEGER; "
        "ALTER TABLE {0} ADD COLUMN notified INTEGER NOT NULL DEFAULT 0;",
        KeyTable(id))));
  }
  return Ok();
}

Status SetVersion(SqliteDb& db) {
  auto up = db.Prepare(
      "INSERT INTO meta(key, value) VALUES ('schema_version', ?) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!up) return Fail(up.error());
  up->BindText(1, std::to_string(kEventSchemaVersion));
  return up->Run();
}

Error NewerSchema(const SqliteDb& db, std::string_view version) {
  return Error::Corruption(fmt::format(
      "database {} has schema version {}, newer than this Belfry ({}); use a newer Belfry",
      db.path(), version, kEventSchemaVersion));
}

}  // namespace

Status CheckEventSchemaCurrent(SqliteDb& db) {
  auto has_meta = db.QueryInt("SELECT count(*) FROM sqlite_master WHERE name = 'meta'");
  if (!has_meta) return Fail(has_meta.error());
  std::string text = "0";
  if (*has_meta) {
    auto st = db.Prepare("SELECT value FROM meta WHERE key = 'schema_version'");
    if (!st) return Fail(st.error());
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (*row) text = std::string(st->Text(0));
  }
  auto version = ParseInt64(text);
  if (!version || *version > kEventSchemaVersion) return Fail(NewerSchema(db, text));
  if (*version != kEventSchemaVersion)
    return Fail(Error(ErrorCode::kUnavailable,
                      fmt::format("database {} has schema version {}: a writer upgrades it to {}",
                                  db.path(), text, kEventSchemaVersion)));
  return Ok();
}

Status MigrateEventSchema(SqliteDb& db) {
  // The common case, a current database, takes no write lock: opening beside a running
  // ingest must not wait for it.
  auto current = db.Prepare("SELECT value FROM meta WHERE key = 'schema_version'");
  if (current) {
    auto row = current->Step();
    if (row && *row && current->Text(0) == std::to_string(kEventSchemaVersion)) return Ok();
  }
  current = Result<SqliteStmt>(SqliteStmt());
  auto txn = SqliteTransaction::Begin(db);
  if (!txn) return Fail(txn.error());
  BELFRY_RETURN_IF_ERROR(CreateBaseTables(db));
  auto st = db.Prepare("SELECT value FROM meta WHERE key = 'schema_version'");
  if (!st) return Fail(st.error());
  auto row = st->Step();
  if (!row) return Fail(row.error());
  if (!*row) {  // a new database
    BELFRY_RETURN_IF_ERROR(SetVersion(db));
    return txn->Commit();
  }
  const std::string text(st->Text(0));
  st = SqliteStmt();
  auto version = ParseInt64(text);
  if (!version || *version < 1 || *version > kEventSchemaVersion)
    return Fail(NewerSchema(db, text));
  if (*version == kEventSchemaVersion) return txn->Commit();
  if (*version < 2) BELFRY_RETURN_IF_ERROR(MigrateFrom1(db));
  BELFRY_RETURN_IF_ERROR(SetVersion(db));
  return txn->Commit();
}

}  // namespace belfry
