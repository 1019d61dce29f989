#include "store/backends/sqlite/sqlite_report_ledger.h"

#include <fmt/format.h>

namespace belfry {
namespace {

constexpr const char* kSchema =
    "PRAGMA journal_mode=WAL;"
    "CREATE TABLE IF NOT EXISTS collected_reports(id INTEGER PRIMARY KEY, feed TEXT NOT NULL, "
    "  source_id TEXT NOT NULL, file_name TEXT NOT NULL, sha256 TEXT NOT NULL, "
    "  bytes INTEGER NOT NULL, fetched_at INTEGER NOT NULL, finished_at INTEGER NOT NULL DEFAULT 0,"
    "  status TEXT NOT NULL, events INTEGER NOT NULL DEFAULT 0, "
    "  duplicates INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0, "
    "  error TEXT NOT NULL DEFAULT '', spool_path TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX IF NOT EXISTS collected_reports_sha ON collected_reports(feed, sha256);"
    "CREATE INDEX IF NOT EXISTS collected_reports_source ON collected_reports(feed, source_id);"
    "CREATE INDEX IF NOT EXISTS collected_reports_status ON collected_reports(feed, status);"
    "CREATE TABLE IF NOT EXISTS feed_state(feed TEXT PRIMARY KEY, last_run INTEGER NOT NULL, "
    "  last_success INTEGER NOT NULL, last_error_at INTEGER NOT NULL, last_error TEXT NOT NULL, "
    "  failures INTEGER NOT NULL, next_run INTEGER NOT NULL, last_events INTEGER NOT NULL, "
    "  last_reports INTEGER NOT NULL, etag TEXT NOT NULL, last_modified TEXT NOT NULL);";

constexpr const char* kColumns =
    "id, feed, source_id, file_name, sha256, bytes, fetched_at, finished_at, status, events, "
    "duplicates, rejected, error, spool_path";

LedgerEntry ReadEntry(const SqliteStmt& st) {
  LedgerEntry e;
  e.id = st.Int(0);
  e.feed = st.Text(1);
  e.source_id = st.Text(2);
  e.file_name = st.Text(3);
  e.sha256 = st.Text(4);
  e.bytes = static_cast<uint64_t>(st.Int(5));
  e.fetched_at = st.Int(6);
  e.finished_at = st.Int(7);
  e.status = st.Text(8);
  e.events = static_cast<uint64_t>(st.Int(9));
  e.duplicates = static_cast<uint64_t>(st.Int(10));
  e.rejected = static_cast<uint64_t>(st.Int(11));
  e.error = st.Text(12);
  e.spool_path = st.Text(13);
  return e;
}

}  // namespace

Result<std::unique_ptr<SqliteReportLedger>> SqliteReportLedger::Open(const std::string& path) {
  auto db = SqliteDb::Open(path);
  if (!db) return Fail(db.error());
  BELFRY_RETURN_IF_ERROR((*db)->Exec(kSchema));
  return std::unique_ptr<SqliteReportLedger>(new SqliteReportLedger(std::move(*db)));
}

Result<std::vector<LedgerEntry>> SqliteReportLedger::Select(const char* tail,
                                                            const std::string& feed,
                                                            const std::string& arg, int64_t limit) {
  auto st = db_->Prepare(
      fmt::format("SELECT {} FROM collected_reports WHERE feed = ?1 {}", kColumns, tail));
  if (!st) return Fail(st.error());
  st->BindText(1, feed);
  if (st->ParamIndex("?2")) st->BindText(2, arg);
  if (st->ParamIndex("?3")) st->BindInt(3, limit);
  std::vector<LedgerEntry> out;
  while (true) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(ReadEntry(*st));
  }
  return out;
}

Result<std::optional<LedgerEntry>> SqliteReportLedger::FindIngested(const std::string& feed,
                                                                    const std::string& sha256) {
  auto rows =
      Select("AND sha256 = ?2 AND status = 'ingested' ORDER BY id LIMIT 1", feed, sha256, 0);
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return std::optional<LedgerEntry>();
  return std::optional<LedgerEntry>(std::move(rows->front()));
}

Result<bool> SqliteReportLedger::SeenSource(const std::string& feed, const std::string& source_id) {
  auto rows = Select("AND source_id = ?2 AND status != 'pending' LIMIT 1", feed, source_id, 0);
  if (!rows) return Fail(rows.error());
  return !rows->empty();
}

Result<int64_t> SqliteReportLedger::Begin(const LedgerEntry& e) {
  auto st = db_->Prepare(
      "INSERT INTO collected_reports(feed, source_id, file_name, sha256, bytes, fetched_at, "
      "status, spool_path) VALUES (?,?,?,?,?,?,'pending',?)");
  if (!st) return Fail(st.error());
  st->BindText(1, e.feed);
  st->BindText(2, e.source_id);
  st->BindText(3, e.file_name);
  st->BindText(4, e.sha256);
  st->BindInt(5, static_cast<int64_t>(e.bytes));
  st->BindInt(6, e.fetched_at);
  st->BindText(7, e.spool_path);
  BELFRY_RETURN_IF_ERROR(st->Run());
  return static_cast<int64_t>(sqlite3_last_insert_rowid(db_->raw()));
}

Status SqliteReportLedger::Finish(const LedgerEntry& e) {
  auto st = db_->Prepare(
      "UPDATE collected_reports SET status = ?, events = ?, duplicates = ?, rejected = ?, "
      "error = ?, finished_at = ? WHERE id = ?");
  if (!st) return Fail(st.error());
  st->BindText(1, e.status);
  st->BindInt(2, static_cast<int64_t>(e.events));
  st->BindInt(3, static_cast<int64_t>(e.duplicates));
  st->BindInt(4, static_cast<int64_t>(e.rejected));
  st->BindText(5, e.error);
  st->BindInt(6, e.finished_at);
  st->BindInt(7, e.id);
  return st->Run();
}

Result<std::vector<LedgerEntry>> SqliteReportLedger::Pending(const std::string& feed) {
  return Select("AND status = 'pending' ORDER BY id", feed, "", 0);
}

Result<std::vector<LedgerEntry>> SqliteReportLedger::Recent(const std::string& feed, size_t limit) {
  return Select("ORDER BY id DESC LIMIT ?3", feed, "", static_cast<int64_t>(limit));
}

Result<FeedState> SqliteReportLedger::State(const std::string& feed) {
  auto st = db_->Prepare(
      "SELECT last_run, last_success, last_error_at, last_error, failures, next_run, "
      "last_events, last_reports, etag, last_modified FROM feed_state WHERE feed = ?");
  if (!st) return Fail(st.error());
  st->BindText(1, feed);
  FeedState s;
  s.feed = feed;
  auto row = st->Step();
  if (!row) return Fail(row.error());
  if (!*row) return s;
  s.last_run = st->Int(0);
  s.last_success = st->Int(1);
  s.last_error_at = st->Int(2);
  s.last_error = st->Text(3);
  s.failures = st->Int(4);
  s.next_run = st->Int(5);
  s.last_events = static_cast<uint64_t>(st->Int(6));
  s.last_reports = static_cast<uint64_t>(st->Int(7));
  s.etag = st->Text(8);
  s.last_modified = st->Text(9);
  return s;
}

Status SqliteReportLedger::SaveState(const FeedState& s) {
  auto st = db_->Prepare(
      "INSERT OR REPLACE INTO feed_state(feed, last_run, last_success, last_error_at, "
      "last_error, failures, next_run, last_events, last_reports, etag, last_modified) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  if (!st) return Fail(st.error());
  st->BindText(1, s.feed);
  st->BindInt(2, s.last_run);
  st->BindInt(3, s.last_success);
  st->BindInt(4, s.last_error_at);
  st->BindText(5, s.last_error);
  st->BindInt(6, s.failures);
  st->BindInt(7, s.next_run);
  st->BindInt(8, static_cast<int64_t>(s.last_events));
  st->BindInt(9, static_cast<int64_t>(s.last_reports));
  st->BindText(10, s.etag);
  st->BindText(11, s.last_modified);
  return st->Run();
}

}  // namespace belfry
