#include "store/backends/sqlite/sqlite_db.h"

#include <fmt/format.h>

namespace belfry {

SqliteStmt& SqliteStmt::operator=(SqliteStmt&& o) noexcept {
  if (this != &o) {
    if (stmt_) sqlite3_finalize(stmt_);
    db_ = o.db_;
    stmt_ = o.stmt_;
    o.stmt_ = nullptr;
  }
  return *this;
}

SqliteStmt::~SqliteStmt() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Result<bool> SqliteStmt::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  ErrorCode code = (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)      ? ErrorCode::kUnavailable
                   : (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) ? ErrorCode::kCorruption
                                                                   : ErrorCode::kIo;
  return Fail(Error(code, fmt::format("sqlite: {}", sqlite3_errmsg(db_))));
}

Status SqliteStmt::Run() {
  for (;;) {
    auto r = Step();
    if (!r) {
      Reset();
      return Fail(r.error());
    }
    if (!*r) break;
  }
  Reset();
  return Ok();
}

Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Fail(Error::Io(fmt::format("cannot open database {}: {}", path, msg)));
  }
  sqlite3_busy_timeout(db, 30000);
  return std::unique_ptr<SqliteDb>(new SqliteDb(db, path));
}

namespace {

// Opens with `flags` and reads the schema, which is where a read-only open fails when the
// -shm file cannot be created or mapped.
sqlite3* TryOpenReadOnly(const std::string& name, int flags, const char* first_sql,
                         std::string* error) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(name.c_str(), &db, flags | SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc == SQLITE_OK && first_sql) rc = sqlite3_exec(db, first_sql, nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK) return db;
  *error = db ? sqlite3_errmsg(db) : "out of memory";
  sqlite3_close(db);
  return nullptr;
}

std::string ImmutableUri(const std::string& path) {
  std::string uri = "file:";
  for (char c : path) {
    if (c == '?' || c == '#' || c == '%')
      uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    else
      uri += c;
  }
  return uri + "?immutable=1";
}

}  // namespace

Result<std::unique_ptr<SqliteDb>> SqliteDb::OpenReadOnly(const std::string& path) {
  std::string error;
  sqlite3* db = TryOpenReadOnly(path, 0, nullptr, &error);
  if (!db) db = TryOpenReadOnly(path, 0, "PRAGMA locking_mode=EXCLUSIVE", &error);
  if (!db) db = TryOpenReadOnly(ImmutableUri(path), SQLITE_OPEN_URI, nullptr, &error);
  if (!db) return Fail(Error::Io(fmt::format("cannot open database {}: {}", path, error)));
  sqlite3_busy_timeout(db, 30000);
  return std::unique_ptr<SqliteDb>(new SqliteDb(db, path));
}

Result<SqliteStmt> SqliteDb::PrepareSingle(std::string_view sql) {
  sqlite3_stmt* s = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &s, &tail);
  if (rc != SQLITE_OK) return Fail(LastError("prepare"));
  SqliteStmt first(db_, s);
  if (!s) return Fail(Error::InvalidInput("no SQL statement given"));
  // What follows may only be blanks, comments and semicolons: SQLite prepares those to no
  // statement at all.
  const char* end = sql.data() + sql.size();
  while (tail && tail < end) {
    sqlite3_stmt* next = nullptr;
    const char* after = nullptr;
    rc = sqlite3_prepare_v2(db_, tail, static_cast<int>(end - tail), &next, &after);
    if (next) sqlite3_finalize(next);
    if (rc != SQLITE_OK || next)
      return Fail(Error::InvalidInput("only one SQL statement is allowed"));
    if (after == tail) break;
    tail = after;
  }
  return first;
}

SqliteDb::~SqliteDb() { sqlite3_close_v2(db_); }

Error SqliteDb::LastError(std::string_view what) const {
  return Error::Io(fmt::format("{}: {} ({})", what, sqlite3_errmsg(db_), path_));
}

Status SqliteDb::Exec(std::string_view sql) {
  char* err = nullptr;
  std::string s(sql);
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    ErrorCode code = rc == SQLITE_BUSY                               ? ErrorCode::kUnavailable
                     : (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) ? ErrorCode::kCorruption
                                                                     : ErrorCode::kIo;
    return Fail(Error(code, fmt::format("sqlite: {} ({})", msg, path_)));
  }
  return Ok();
}

Result<SqliteStmt> SqliteDb::Prepare(std::string_view sql) {
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &s, nullptr);
  if (rc != SQLITE_OK) return Fail(LastError("prepare"));
  return SqliteStmt(db_, s);
}

Result<int64_t> SqliteDb::QueryInt(std::string_view sql) {
  auto st = Prepare(sql);
  if (!st) return Fail(st.error());
  auto row = st->Step();
  if (!row) return Fail(row.error());
  return *row ? st->Int(0) : 0;
}

Result<SqliteTransaction> SqliteTransaction::Begin(SqliteDb& db) {
  BELFRY_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  return SqliteTransaction(&db);
}

SqliteTransaction& SqliteTransaction::operator=(SqliteTransaction&& o) noexcept {
  if (this != &o) {
    Rollback();
    db_ = o.db_;
    o.db_ = nullptr;
  }
  return *this;
}

Status SqliteTransaction::Commit() {
  if (!db_) return Fail(Error::Internal("commit without a transaction"));
  auto st = db_->Exec("COMMIT");
  // A failed COMMIT (SQLITE_BUSY) leaves the transaction open: the destructor rolls back.
  if (st) db_ = nullptr;
  return st;
}

void SqliteTransaction::Rollback() {
  if (!db_) return;
  // Rolling back a transaction SQLite already rolled back itself (after an I/O error) fails
  // harmlessly; nothing else can be done here.
  if (!sqlite3_get_autocommit(db_->raw())) (void)db_->Exec("ROLLBACK");
  db_ = nullptr;
}

}  // namespace belfry
