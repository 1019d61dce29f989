#pragma once
// One PostgreSQL connection through libpq: parameterized statements only (values never go
// into SQL text), rows as text, errors as values naming the server's message. The URL's
// password never appears in a message.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

struct pg_conn;

namespace belfry {

using PgValue = std::optional<std::string>;  // nullopt: SQL NULL
using PgRow = std::vector<PgValue>;

class PgDb {
 public:
  // Connects to `url` (postgresql://user@host:port/db), retrying with back-off for up to
  // `wait_seconds` while the server refuses (starting, restarting).
  static Result<std::unique_ptr<PgDb>> Connect(const std::string& url, int64_t wait_seconds = 0);
  ~PgDb();
  PgDb(const PgDb&) = delete;
  PgDb& operator=(const PgDb&) = delete;

  // Statements without parameters (may be several, as in a migration).
  Status Exec(const std::string& sql);
  // One statement with $1, $2 ... bound to `params`; its rows.
  Result<std::vector<PgRow>> Query(const std::string& sql, const std::vector<PgValue>& params = {});

 private:
  explicit PgDb(pg_conn* conn) : conn_(conn) {}
  pg_conn* conn_;
};

// The URL with its password replaced by "***", for messages.
std::string RedactPgUrl(const std::string& url);

}  // namespace belfry
