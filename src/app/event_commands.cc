#include "app/event_commands.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "app/builtin_registries.h"
#include "app/collect_wiring.h"
#include "app/event_query_commands.h"
#include "app/feed_factory.h"
#include "app/ingest_context.h"
#include "app/services.h"
#include "collect/spool.h"
#include "core/clock.h"
#include "core/date_time.h"
#include "core/json_object.h"
#include "core/text.h"
#include "enrich/geo_expert.h"
#include "enrich/time_sanity.h"
#include "model/event_json.h"
#include "pipeline/dead_letter_writer.h"
#include "pipeline/ingest_pipeline.h"
#include "pipeline/report_reader.h"

namespace belfry {
namespace {

struct FeedRun {
  FeedSetup setup;
  std::vector<std::string> files;
  std::vector<std::string> names;  // the reports' names (inside an archive: the entry's)
  std::vector<std::string> sha256;  // known for unpacked files; "" = not yet computed
};

// Archives among the inputs (gzip or zip, told by their first bytes whatever their names)
// are opened into `spool_root`; other files are read where they are.
Status OpenArchives(const std::string& spool_root, const Clock& clock, const std::string& feed,
                    FeedRun* run) {
  Spool spool(spool_root, clock);
  std::vector<std::string> files, names, sha256;
  for (const auto& path : run->files) {
    SpooledFile f;
    f.path = path;
    f.name = std::filesystem::path(path).filename().string();
    auto unpacked = UnpackReports(spool, feed, f, UINT64_MAX);
    if (!unpacked) return Fail(unpacked.error());
    for (auto& u : *unpacked) {
      files.push_back(std::move(u.path));
      names.push_back(std::move(u.name));
      sha256.push_back(std::move(u.sha256));
    }
  }
  run->files = std::move(files);
  run->names = std::move(names);
  run->sha256 = std::move(sha256);
  return Ok();
}

// The parser for --feed and the input files (directories expanded). The Shadowserver schema
// is the service root's, loaded once for this and for the ingest that follows.
Result<FeedRun> PrepareFeedRun(Services& services, const std::string& feed,
                               const std::string& report_type,
                               const std::vector<std::string>& inputs) {
  auto schema = services.shadowserver_schema();
  if (!schema) return Fail(schema.error());
  auto setup = MakeFeed(services.config(), feed, report_type, *schema);
  if (!setup) return Fail(setup.error());
  auto files = ExpandInputs(inputs);
  if (!files) return Fail(files.error());
  return FeedRun{std::move(*setup), std::move(*files), {}, {}};
}

// The store of a command that uses it: a missing database is an error, not a new one.
Result<EventStore*> ExistingStore(Services& services) {
  BELFRY_RETURN_IF_ERROR(services.RequireDatabase());
  return services.events();
}

// --- parse -------------------------------------------------------------------------------
int CmdParse(Services& services, const std::string& feed, const std::string& report_type,
             const std::vector<std::string>& inputs) {
  const Config& config = services.config();
  const Common& c = services.common();
  auto run = PrepareFeedRun(services, feed, report_type, inputs);
  if (!run) return Report(run.error());
  auto geo = OpenGeo(config, c);
  if (!geo) return Report(geo.error());
  auto& setup = run->setup;
  SystemClock clock;
  // Archives are opened into a directory of this run only: `parse` leaves nothing behind.
  char tmpl[] = "/tmp/belfry-parse-XXXXXX";
  const char* tmp = mkdtemp(tmpl);
  if (!tmp) return Report(Error::Io("cannot create a temporary directory"));
  struct RemoveDir {
    std::string path;
    ~RemoveDir() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  } remove_tmp{tmp};
  if (auto opened = OpenArchives(tmp, clock, feed, &*run); !opened) return Report(opened.error());
  uint64_t events = 0, rejected = 0;
  std::string out;
  for (size_t i = 0; i < run->files.size(); ++i) {
    const std::string& path = run->files[i];
    ReportInfo info = setup.info;
    info.file_name = run->names[i];
    info.observed_micros = clock.NowSeconds() * 1000000;
    auto begun = setup.parser->Begin(info);
    if (!begun) {
      fmt::print(stderr, "{}: {}\n", path, begun.error().message());
      ++rejected;
      continue;
    }
    auto read = ReadReport(path, setup.parser.get(), [&](ParseOutput& po, size_t) {
      for (const auto& d : po.dead_letters)
        fmt::print(stderr, "{}:{}: rejected: {}\n", path, d.line, d.reason);
      rejected += po.dead_letters.size();
      for (auto& e : po.events) {
        if (!geo->empty()) geo->Enrich(&e);
        out.clear();
        AppendEventJson(e, JsonWriteOptions{}, &out);
        out.push_back('\n');
        std::fwrite(out.data(), 1, out.size(), stdout);
      }
      events += po.events.size();
      return true;
    });
    if (!read) {
      fmt::print(stderr, "{}: {}\n", path, read.error().message());
      ++rejected;
    }
  }
  std::fflush(stdout);
  fmt::print(stderr, "parse: {} events, {} rows rejected\n", Thousands(events),
             Thousands(rejected));
  return kExitOk;
}

// --- ingest ------------------------------------------------------------------------------
int CmdIngest(Services& services, const std::string& feed, const std::string& report_type,
              const std::string& dead_letter_arg, const std::vector<std::string>& inputs) {
  const Common& c = services.common();
  // The feed and the inputs are checked before the database is created.
  auto run = PrepareFeedRun(services, feed, report_type, inputs);
  if (!run) return Report(run.error());
  auto ctx = services.ingest();
  if (!ctx) {
    fmt::print(stderr, "belfry: ingest: nothing was stored\n");
    return Report(ctx.error());
  }
  // Archives are opened into the spool, as collected reports are (kept for replay, purged
  // with raw data).
  if (auto opened = OpenArchives(SpoolRoot(services.config(), services.db_path()),
                                 services.clock(), feed, &*run);
      !opened)
    return Report(opened.error());
  IngestJob job;
  job.feed = feed;
  job.report_type = report_type;
  job.files = run->files;
  job.file_names = run->names;
  job.file_sha256 = run->sha256;
  job.dead_letter = dead_letter_arg;
  const std::string& db_path = (*ctx)->db_path();
  const std::string dead_letter = (*ctx)->DeadLetterPath(job);
  const bool tty = isatty(2);
  if (tty) {
    job.progress = [](const IngestProgress& p) {
      double pct = p.bytes_total ? 100.0 * p.bytes_done / p.bytes_total : 100.0;
      int bar = static_cast<int>(pct / 5);
      fmt::print(stderr, "\r[{:<20}] {:5.1f}%  {} events",
                 std::string(static_cast<size_t>(bar), '#'), pct, Thousands(p.events));
    };
  }
  auto r = (*ctx)->Run(job);
  if (tty) fmt::print(stderr, "\n");
  if (!r) {
    fmt::print(stderr, "belfry: ingest: nothing was stored\n");
    return Report(r.error());
  }
  for (const auto& e : r->file_errors) fmt::print(stderr, "belfry: {}\n", e);
  const double rate = r->seconds > 0 ? r->stored / r->seconds : 0.0;
  if (c.json) {
    std::string out = fmt::format(
        "{{\"files\": {}, \"failed_files\": {}, \"rows\": {}, \"stored\": {}, \"duplicates\": {}, "
        "\"rejected\": {}, \"short_rows\": {}, \"seconds\": {:.3f}, \"events_per_second\": {:.0f}, "
        "\"database\": ",
        r->files, r->failed_files, r->records, r->stored, r->duplicates, r->rejected, r->short_rows,
        r->seconds, rate);
    AppendJsonString(db_path, &out);
    out += ", \"dead_letters\": ";
    AppendJsonString(dead_letter, &out);
    if (!r->error.empty()) {
      out += ", \"error\": ";
      AppendJsonString(r->error, &out);
    }
    fmt::print("{}}}\n", out);
  } else {
    fmt::print(
        "ingest: {} files, {} rows read, {} events stored, {} duplicates dropped, {} rows "
        "rejected, "
        "{:.2f} s, {:.0f} events/s\n",
        r->files, Thousands(r->records), Thousands(r->stored), Thousands(r->duplicates),
        Thousands(r->rejected), r->seconds, rate);
    if (r->short_rows)
      fmt::print(
          "ingest: {} rows had fewer columns than the header; kept with those columns "
          "empty\n",
          Thousands(r->short_rows));
    if (r->rejected) fmt::print("ingest: rejected rows are in {}\n", dead_letter);
    fmt::print("ingest: database {}\n", db_path);
  }
  if (!r->error.empty()) {
    fmt::print(stderr,
               "belfry: ingest stopped: {}\nbelfry: the counts above are what was committed; "
               "run the same ingest again to store the rest (nothing is stored twice)\n",
               r->error);
    return kExitFailure;
  }
  // Exit 0 when the input was processed; a file that could not be read at all is a failure.
  return r->failed_files == r->files && r->files > 0 ? kExitFailure : kExitOk;
}

// --- feeds list ----------------------------------------------------------------------------
int CmdFeedsList(Services& services, bool json) {
  const Config& config = services.config();
  auto schema = services.shadowserver_schema();
  if (!schema) return Report(schema.error());
  auto s = (*schema)->Current();
  if (json) {
    for (const auto& f : config.feeds) {
      fmt::print("{}\n", JsonObject()
                             .Str("kind", "feed")
                             .Str("name", f.name)
                             .Str("parser", f.parser)
                             .Str("provider", f.provider)
                             .Str("source", f.source.kind)
                             .Str("schedule", f.source.schedule)
                             .Done());
    }
    for (const auto& k : BuiltinParserNames().kinds())
      fmt::print("{}\n", JsonObject()
                             .Str("kind", "parser")
                             .Str("name", k.name)
                             .Str("description", k.description)
                             .Bool("standalone", k.standalone)
                             .Done());
    for (const auto& [name, t] : s->types())
      fmt::print("{}\n", JsonObject()
                             .Str("kind", "shadowserver_report_type")
                             .Str("file_name", name)
                             .Str("feed_name", t.feed_name)
                             .Done());
    return kExitOk;
  }
  fmt::print("Configured feeds ({}):\n", config.source);
  if (config.feeds.empty()) fmt::print("  (none)\n");
  for (const auto& f : config.feeds)
    fmt::print("  {:<32} parser={:<13} provider={}{}{}\n", f.name, f.parser, f.provider,
               f.report_type.empty() ? "" : " report_type=" + f.report_type,
               f.source.kind.empty()
                   ? ""
                   : fmt::format(" source={} schedule=\"{}\"{}", f.source.kind, f.source.schedule,
                                 f.enabled ? "" : " disabled"));
  fmt::print("\nParsers:\n");
  for (const auto& k : BuiltinParserNames().kinds())
    fmt::print("  {:<14} {}{}\n", k.name, k.description,
               k.standalone ? "" : " (needs a [[feeds]] entry)");
  fmt::print("\nShadowserver report types ({}, schema of {}{}):\n", s->types().size(),
             s->date_created(), (*schema)->path().empty() ? ", bundled" : ", " + (*schema)->path());
  for (const auto& [name, t] : s->types())
    fmt::print("  {:<40} {}{}\n", name, t.feed_name,
               t.unusable_reason.empty() ? "" : "  (unusable: " + t.unusable_reason + ")");
  return kExitOk;
}

// --- purge ---------------------------------------------------------------------------------
int CmdPurge(Services& services, std::string dead_letter) {
  const Config& config = services.config();
  const Common& c = services.common();
  auto store = ExistingStore(services);
  if (!store) return Report(store.error());
  SystemClock clock;
  auto stats = (*store)->Purge(config.retention, clock.NowSeconds());
  if (!stats) return Report(stats.error());
  if (dead_letter.empty()) dead_letter = DefaultDeadLetterPath(StorePath(config, c));
  auto dl = DeadLetterWriter::Purge(
      dead_letter, clock.NowMicros() - config.retention.dead_letters_seconds * 1000000);
  if (!dl) return Report(dl.error());
  // Fetched reports are raw data too.
  auto spool = PurgeSpool(SpoolRoot(config, StorePath(config, c)),
                          clock.NowSeconds() - config.retention.raw_seconds);
  if (!spool) return Report(spool.error());
  if (c.json) {
    fmt::print(
        "{{\"events_deleted\": {}, \"raw_cleared\": {}, \"reports_deleted\": {}, "
        "\"dead_letters_deleted\": {}, \"spool_days_deleted\": {}}}\n",
        stats->events_deleted, stats->raw_cleared, stats->reports_deleted, *dl, *spool);
  } else {
    fmt::print(
        "purge: {} events deleted, {} raw records cleared, {} reports deleted, {} dead letters "
        "deleted, {} spool days deleted\n",
        Thousands(stats->events_deleted), Thousands(stats->raw_cleared),
        Thousands(stats->reports_deleted), Thousands(*dl), *spool);
  }
  return kExitOk;
}

}  // namespace

void AddEventCommands(CLI::App* app, CLI::App* feeds, Common* common, EventCli* cli) {
  cli->parse = app->add_subcommand(
      "parse", "parse feed files to IntelMQ JSON lines on stdout (nothing stored)");
  cli->parse
      ->add_option("--feed", cli->feed, "configured feed name, or shadowserver / intelmq-json")
      ->required();
  cli->parse->add_option("--report-type", cli->report_type,
                         "Shadowserver report type (schema key or feed name)");
  cli->parse->add_option("--mmdb", common->mmdb,
                         "MaxMind-format database (ASN, Country or City) for source/destination "
                         "enrichment; repeatable (adds to [enrich] mmdb)");
  cli->parse->add_option("inputs", cli->inputs, "files or directories")->required();

  cli->ingest = app->add_subcommand("ingest", "parse, validate, deduplicate and store feed files");
  cli->ingest->add_option("--db", common->db, "SQLite database file (overrides [store] url)");
  cli->ingest
      ->add_option("--feed", cli->feed, "configured feed name, or shadowserver / intelmq-json")
      ->required();
  cli->ingest->add_option("--report-type", cli->report_type,
                          "Shadowserver report type (schema key or feed name)");
  cli->ingest->add_option("--dead-letter", cli->dead_letter,
                          "JSON-lines file for rejected rows (default: beside the database)");
  cli->ingest->add_option("--mmdb", common->mmdb,
                          "MaxMind-format database (ASN, Country or City); repeatable (adds to "
                          "[enrich] mmdb)");
  cli->ingest->add_option("inputs", cli->inputs, "files or directories")->required();
  cli->ingest->add_flag("--json", common->json, "the summary as one JSON object");

  auto* events = app->add_subcommand("events", "work with stored events");
  events->require_subcommand(1);
  cli->search = events->add_subcommand("search", "search stored events");
  cli->search->add_option("--db", common->db, "SQLite database file");
  AddEventFilterOptions(cli->search, &cli->filters, &cli->query);
  cli->search->add_option("--limit", cli->query.limit, "at most this many events (default 100)")
      ->check(CLI::Range(size_t{1}, size_t{1} << 31));
  cli->search->add_flag("--json", common->json, "IntelMQ JSON lines instead of a table");

  cli->sql = events->add_subcommand(
      "sql", "run a read-only SQL query; the view `events` has IntelMQ eventdb's columns");
  cli->sql->add_option("--db", common->db, "SQLite database file");
  cli->sql->add_option("query", cli->sql_text, "SQL, e.g. SELECT \"source.ip\" FROM events LIMIT 5")
      ->required();
  cli->sql->add_flag("--json", common->json, "JSON lines instead of tab-separated values");

  cli->feeds_list =
      feeds->add_subcommand("list", "list configured feeds, parsers and Shadowserver report types");
  cli->feeds_list->add_flag("--json", common->json, "JSON lines");

  cli->purge = app->add_subcommand("purge", "apply the retention policy ([retention])");
  cli->purge->add_option("--db", common->db, "SQLite database file");
  cli->purge->add_option("--dead-letter", cli->dead_letter,
                         "dead-letter file to purge (default: beside the database)");
  cli->purge->add_flag("--json", common->json, "the result as one JSON object");
}

std::optional<int> RunEventCommand(EventCli& cli, Services& services) {
  const Common& common = services.common();
  if (cli.parse->parsed()) return CmdParse(services, cli.feed, cli.report_type, cli.inputs);
  if (cli.ingest->parsed())
    return CmdIngest(services, cli.feed, cli.report_type, cli.dead_letter, cli.inputs);
  if (cli.search->parsed()) {
    const EventFilterOptions& f = cli.filters;
    if (f.asn) cli.query.asn = f.asn;
    return RunEventsSearch(services, cli.query, f.ip, f.cidr, f.since, f.until, common.json);
  }
  if (cli.sql->parsed()) return RunEventsSql(services, cli.sql_text, common.json);
  if (cli.feeds_list->parsed()) return CmdFeedsList(services, common.json);
  if (cli.purge->parsed()) return CmdPurge(services, cli.dead_letter);
  return std::nullopt;
}

}  // namespace belfry
