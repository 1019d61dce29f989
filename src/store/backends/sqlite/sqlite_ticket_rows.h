#pragma once
// Helpers of the SQLite ticket store's files (sqlite_ticket_*.cc), nothing else.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "store/backends/sqlite/sqlite_db.h"

namespace belfry::ticket_rows {

// Every table and index of the tracker, `CREATE ... IF NOT EXISTS` (sqlite_ticket_schema.cc).
extern const char* const kTicketSchema;

inline int YearOf(int64_t unix_seconds) {
  auto days = std::chrono::floor<std::chrono::days>(
      std::chrono::sys_seconds(std::chrono::seconds(unix_seconds)));
  return static_cast<int>(std::chrono::year_month_day(days).year());
}

template <class F>
inline Status ForRows(SqliteStmt& st, F&& fn) {
  for (;;) {
    auto row = st.Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    fn(st);
  }
  st.Reset();
  return Ok();
}

inline std::string IdList(const std::vector<int64_t>& ids) {
  // Integers only, formatted here: safe to splice (no text from outside reaches SQL).
  std::string out;
  for (int64_t id : ids) {
    if (!out.empty()) out.push_back(',');
    out += std::to_string(id);
  }
  return out.empty() ? "0" : out;
}

}  // namespace belfry::ticket_rows
