// belfry: the command-line entry point. Wiring only: global options, the service root, and
// each verb's module of commands.

#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "app/advisory_commands.h"
#include "app/cli_common.h"
#include "app/collect_commands.h"
#include "app/config.h"
#include "app/constituency_commands.h"
#include "app/event_commands.h"
#include "app/report_commands.h"
#include "app/services.h"
#include "app/notify_commands.h"
#include "app/user_commands.h"
#include "app/vuln_commands.h"
#include "app/newsletter_commands.h"
#include "app/db_commands.h"
#include "app/import_commands.h"
#include "app/share_commands.h"
#include "app/ticket_commands.h"
#include "app/web_commands.h"
#include "bench/cli/bench_commands.h"
#include "model/field_registry.h"
#include "store/backends/sqlite/sqlite_schema.h"
#include "store/backends/sqlite/sqlite_ticket_store.h"

#ifndef BELFRY_VERSION
#define BELFRY_VERSION "0.0.0"
#endif

namespace belfry {
namespace {

void SetupLogging(const Config& config, int verbosity) {
  auto logger = spdlog::stderr_color_mt("belfry");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S%z %^%l%$ %v");
  spdlog::set_default_logger(logger);
  auto level = spdlog::level::from_str(config.log_level);
  if (verbosity > 0) level = verbosity > 1 ? spdlog::level::trace : spdlog::level::debug;
  if (verbosity < 0) level = spdlog::level::warn;
  spdlog::set_level(level);
}

std::string VersionText() {
  return fmt::format(
      "belfry {}\nevent store: SQLite schema version {} (reads versions 1-{}), {} stored field "
      "ids (data/intelmq/field_ids.tsv)\ntracker and notifications: SQLite schema version {} "
      "(reads versions 1-{})",
      BELFRY_VERSION, kEventSchemaVersion, kEventSchemaVersion, fields::kFieldCount,
      kTicketSchemaVersion, kTicketSchemaVersion);
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{"Belfry: a national CSIRT's platform for abuse reports, events and incidents"};
  app.require_subcommand(1);
  // Global options are accepted before and after the verb: subcommands hand what they do
  // not know to their parent.
  app.fallthrough();
  Common common;
  app.add_option("--config", common.config_path,
                 "TOML configuration file (else $BELFRY_CONFIG, else defaults)");
  app.add_option("--db", common.db, "SQLite database file (overrides [store] url)");
  app.add_flag("--json", common.json, "machine-readable output");
  int verbose = 0, quiet = 0;
  app.add_flag("-v,--verbose", verbose, "more log output (-vv: everything)");
  app.add_flag("-q,--quiet", quiet, "only warnings and errors in the log");
  app.set_version_flag("--version", VersionText());

  auto* feeds = app.add_subcommand("feeds", "feeds and parsers");
  feeds->require_subcommand(1);
  EventCli event_cli;
  AddEventCommands(&app, feeds, &common, &event_cli);
  CollectCli collect_cli;
  AddCollectCommands(&app, feeds, &common, &collect_cli);
  ConstituencyCli constituency;
  AddConstituencyCommands(&app, &common, &constituency);
  TicketCli ticket_cli;
  AddTicketCommands(&app, &common, &ticket_cli);
  WebCli web_cli;
  AddWebCommands(&app, &common, &web_cli);
  NotifyCli notify_cli;
  AddNotifyCommands(&app, &common, &notify_cli);
  UserCli user_cli;
  AddUserCommands(&app, &common, &user_cli);
  AdvisoryCli advisory_cli;
  AddAdvisoryCommands(&app, &common, &advisory_cli);
  VulnCli vuln_cli;
  AddVulnCommands(&app, &common, &vuln_cli);  // after `advisory`: adds `advisory match`
  ShareCli share_cli;
  AddShareCommands(&app, &common, &share_cli);
  ImportCli import_cli;
  AddImportCommands(&app, &common, &import_cli);
  DbCli db_cli;
  AddDbCommands(&app, &db_cli);
  NewsletterCli newsletter_cli;
  AddNewsletterCommands(&app, &common, &newsletter_cli);
  ReportCli report_cli;
  AddReportCommands(&app, &common, &report_cli);
  BenchCli bench_cli;
  AddBenchCommands(&app, &bench_cli);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  auto config = LoadConfig(common.config_path);
  if (!config) return Report(config.error());
  SetupLogging(*config, verbose - quiet);
  auto services = Services::Create(*config, common);
  if (auto rc = RunEventCommand(event_cli, *services)) return *rc;
  if (auto rc = RunTicketCommand(ticket_cli, *services)) return *rc;
  if (auto rc = RunNotifyCommand(notify_cli, *services)) return *rc;
  if (auto rc = RunUserCommand(user_cli, *services)) return *rc;
  if (auto rc = RunVulnCommand(vuln_cli, *services)) return *rc;
  if (auto rc = RunNewsletterCommand(newsletter_cli, *services)) return *rc;
  if (auto rc = RunShareCommand(share_cli, *services)) return *rc;
  if (auto rc = RunImportCommand(import_cli, *services)) return *rc;
  if (auto rc = RunDbCommand(db_cli, *services)) return *rc;
  if (auto rc = RunReportCommand(report_cli, *services)) return *rc;
  if (auto rc = RunAdvisoryCommand(advisory_cli, *services)) return *rc;
  if (auto rc = RunWebCommand(web_cli, *services)) return *rc;
  if (auto rc = RunBenchCommand(bench_cli, *config, common.json, argv[0])) return *rc;
  if (auto rc = RunConstituencyCommand(constituency, *config, common)) return *rc;
  if (auto rc = RunCollectCommand(collect_cli, *config, common)) return *rc;
  return kExitUsage;
}

}  // namespace belfry

int main(int argc, char** argv) {
  try {
    return belfry::Main(argc, argv);
  } catch (const std::exception& e) {
    fmt::print(stderr, "belfry: internal error: {}\n", e.what());
    return belfry::kExitFailure;
  }
}
