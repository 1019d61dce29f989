#include "store/backends/postgres/pg_db.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <chrono>
#include <thread>

#include "core/text.h"

namespace belfry {

namespace {

std::string Message(PGconn* c) {
  return std::string(TrimAscii(PQerrorMessage(c)));
}

}  // namespace

std::string RedactPgUrl(const std::string& url) {
  const auto scheme = url.find("://");
  const auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos || at < scheme) return url;
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

Result<std::unique_ptr<PgDb>> PgDb::Connect(const std::string& url, int64_t wait_seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
  auto delay = std::chrono::milliseconds(100);
  for (;;) {
    PGconn* c = PQconnectdb(url.c_str());
    if (c && PQstatus(c) == CONNECTION_OK) return std::unique_ptr<PgDb>(new PgDb(c));
    std::string why = c ? Message(c) : "out of memory";
    if (c) PQfinish(c);
    if (std::chrono::steady_clock::now() + delay > deadline)
      return Fail(Error::Unavailable(fmt::format("PostgreSQL at {}: {}", RedactPgUrl(url), why)));
    std::this_thread::sleep_for(delay);
    delay = std::min(delay * 2, std::chrono::milliseconds(5000));
  }
}

PgDb::~PgDb() {
  if (conn_) PQfinish(conn_);
}

Status PgDb::Exec(const std::string& sql) {
  PGresult* r = PQexec(conn_, sql.c_str());
  const auto status = PQresultStatus(r);
  std::string why = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ? "" : Message(conn_);
  PQclear(r);
  if (!why.empty()) {
    if (PQstatus(conn_) != CONNECTION_OK) return Fail(Error::Unavailable("PostgreSQL: " + why));
    return Fail(Error::Io("PostgreSQL: " + why));
  }
  return Ok();
}

Result<std::vector<PgRow>> PgDb::Query(const std::string& sql, const std::vector<PgValue>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  PGresult* r = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                             values.data(), nullptr, nullptr, 0);
  const auto status = PQresultStatus(r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    std::string why = Message(conn_);
    PQclear(r);
    if (PQstatus(conn_) != CONNECTION_OK) return Fail(Error::Unavailable("PostgreSQL: " + why));
    return Fail(Error::Io("PostgreSQL: " + why));
  }
  std::vector<PgRow> rows(static_cast<size_t>(PQntuples(r)));
  const int cols = PQnfields(r);
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i].reserve(static_cast<size_t>(cols));
    for (int j = 0; j < cols; ++j) {
      if (PQgetisnull(r, static_cast<int>(i), j)) rows[i].emplace_back(std::nullopt);
      else rows[i].emplace_back(std::string(PQgetvalue(r, static_cast<int>(i), j),
                                            static_cast<size_t>(PQgetlength(r, static_cast<int>(i), j))));
    }
  }
  PQclear(r);
  return rows;
}

}  // namespace belfry
