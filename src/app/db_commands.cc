#include "app/db_commands.h"

#include <fmt/format.h>

#include "app/services.h"
#include "store/backends/postgres/pg_schema.h"

namespace belfry {

namespace {

Result<std::unique_ptr<PgDb>> Open(const DbCli& cli) {
  if (cli.url.rfind("postgresql://", 0) != 0 && cli.url.rfind("postgres://", 0) != 0)
    return Fail(Error::InvalidConfig("--url: a postgresql:// URL"));
  return PgDb::Connect(cli.url, cli.wait);
}

int Migrate(const DbCli& cli) {
  auto db = Open(cli);
  if (!db) return Report(db.error());
  auto m = PgMigrate(**db);
  if (!m) return Report(m.error());
  if (m->from == m->to)
    fmt::print("db migrate: {} is at schema version {}: nothing to do\n", RedactPgUrl(cli.url), m->to);
  else
    fmt::print("db migrate: {} migrated from schema version {} to {}\n", RedactPgUrl(cli.url),
               m->from, m->to);
  return kExitOk;
}

int ShowStatus(const DbCli& cli) {
  auto db = Open(cli);
  if (!db) return Report(db.error());
  auto v = PgSchemaVersion(**db);
  if (!v) return Report(v.error());
  fmt::print("{}: schema version {} (this Belfry: {}){}\n", RedactPgUrl(cli.url), *v,
             kPgSchemaVersion,
             *v < kPgSchemaVersion   ? ": run `belfry db migrate`"
             : *v > kPgSchemaVersion ? ": newer than this Belfry"
                                     : "");
  return *v == kPgSchemaVersion ? kExitOk : kExitFailure;
}

}  // namespace

void AddDbCommands(CLI::App* app, DbCli* cli) {
  CLI::App* db = app->add_subcommand("db", "the PostgreSQL database: migrations");
  db->require_subcommand(1);
  cli->migrate = db->add_subcommand("migrate", "apply the schema's migrations (idempotent; "
                                               "concurrent runs migrate once)");
  cli->status = db->add_subcommand("status", "the database's schema version against this build's");
  for (CLI::App* c : {cli->migrate, cli->status}) {
    c->add_option("--url", cli->url, "postgresql://user@host:port/database")->required();
    c->add_option("--wait", cli->wait, "seconds to wait for a server that is starting (default 10)");
  }
}

std::optional<int> RunDbCommand(const DbCli& cli, Services&) {
  if (cli.migrate && cli.migrate->parsed()) return Migrate(cli);
  if (cli.status && cli.status->parsed()) return ShowStatus(cli);
  return std::nullopt;
}

}  // namespace belfry
