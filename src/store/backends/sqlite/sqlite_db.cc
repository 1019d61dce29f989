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
