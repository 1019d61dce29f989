#pragma once
// Minimal RAII over the SQLite C API. Every statement is prepared and its values bound:
// no SQL is ever built from data.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace belfry {

class SqliteStmt {
 public:
  SqliteStmt() = default;
  SqliteStmt(sqlite3* db, sqlite3_stmt* s) : db_(db), stmt_(s) {}
  SqliteStmt(SqliteStmt&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
  SqliteStmt& operator=(SqliteStmt&& o) noexcept;
  ~SqliteStmt();

  void BindInt(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void BindNull(int i) { sqlite3_bind_null(stmt_, i); }
  void BindText(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  // The caller keeps `v` alive until the statement is stepped.
  void BindTextStatic(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  void BindBlobStatic(int i, std::string_view v) {
    sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  void BindBlob(int i, std::string_view v) {
    sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  bool valid() const { return stmt_ != nullptr; }
  int ParamIndex(const char* name) const { return sqlite3_bind_parameter_index(stmt_, name); }

  // Returns true for a row, false when done.
  Result<bool> Step();
  Status Run();  // step to completion, then reset
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  int ColumnCount() const { return sqlite3_column_count(stmt_); }
  bool ReadOnly() const { return sqlite3_stmt_readonly(stmt_) != 0; }
  const char* ColumnName(int col) const { return sqlite3_column_name(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int Type(int col) const { return sqlite3_column_type(stmt_, col); }
  std::string_view Text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string_view();
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

class SqliteDb {
 public:
  static Result<std::unique_ptr<SqliteDb>> Open(const std::string& path);
  // A connection that never writes the database, its WAL or its shared-memory index, so
  // that readers work on a full disk and on a read-only mount: a plain read-only open
  // first; where SQLite cannot use the -shm file, the WAL index is kept in this process's
  // memory (exclusive locking); where even that fails, the file is read as immutable.
  static Result<std::unique_ptr<SqliteDb>> OpenReadOnly(const std::string& path);
  // Prepares exactly one statement; more than one (`SELECT 1; DROP TABLE x`) is refused.
  Result<SqliteStmt> PrepareSingle(std::string_view sql);
  ~SqliteDb();
  Status Exec(std::string_view sql);
  Result<SqliteStmt> Prepare(std::string_view sql);
  sqlite3* raw() { return db_; }
  const std::string& path() const { return path_; }
  Error LastError(std::string_view what) const;
  int64_t LastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }
  int64_t Changes() const { return sqlite3_changes(db_); }
  // The first column of the first row of `sql` (no parameters), e.g. PRAGMA data_version.
  Result<int64_t> QueryInt(std::string_view sql);

 private:
  SqliteDb(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
};

// A write transaction (BEGIN IMMEDIATE) that rolls back unless committed: every error path,
// early return and exception leaves the database as it was.
class SqliteTransaction {
 public:
  static Result<SqliteTransaction> Begin(SqliteDb& db);
  SqliteTransaction(SqliteTransaction&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  SqliteTransaction& operator=(SqliteTransaction&& o) noexcept;
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  ~SqliteTransaction() { Rollback(); }

  Status Commit();
  void Rollback();
  bool active() const { return db_ != nullptr; }

 private:
  explicit SqliteTransaction(SqliteDb* db) : db_(db) {}
  SqliteDb* db_ = nullptr;
};

}  // namespace belfry
