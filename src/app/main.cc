// belfry: the command-line entry point. Wiring only: each verb builds what it needs from
// the configuration and calls into the modules.

#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "bench/cli/bench_collect.h"
#include "bench/cli/bench_constituency.h"
#include "bench/cli/bench_ingest.h"
#include "app/cli_common.h"
#include "app/collect_commands.h"
#include "app/collect_wiring.h"
#include "app/constituency_commands.h"
#include "app/feed_factory.h"
#include "app/ingest_context.h"
#include "core/clock.h"
#include "app/config.h"
#include "core/date_time.h"
#include "core/json_object.h"
#include "core/text.h"
#include "enrich/geo_expert.h"
#include "enrich/time_sanity.h"
#include "model/event_json.h"
#include "pipeline/dead_letter_writer.h"
#include "pipeline/ingest_pipeline.h"
#include "pipeline/report_reader.h"
#include "store/backends/sqlite/sqlite_constituency_store.h"
#include "store/backends/sqlite/sqlite_event_store.h"

namespace belfry {
namespace {

void SetupLogging(const Config& config) {
  auto logger = spdlog::stderr_color_mt("belfry");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S%z %^%l%$ %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(config.log_level));
}

struct FeedRun {
  FeedSetup setup;
  std::vector<std::string> files;
};

// The parser for --feed and the input files (directories expanded).
Result<FeedRun> PrepareFeedRun(const Config& config, const std::string& feed,
                               const std::string& report_type,
                               const std::vector<std::string>& inputs) {
  auto schema = ShadowserverSchemaSource::Create(config.shadowserver_schema);
  if (!schema) return Fail(schema.error());
  auto setup = MakeFeed(config, feed, report_type, *schema);
  if (!setup) return Fail(setup.error());
  auto files = ExpandInputs(inputs);
  if (!files) return Fail(files.error());
  return FeedRun{std::move(*setup), std::move(*files)};
}

// Opens the store of a command that reads it: a missing database is an error, not a new one.
Result<std::unique_ptr<SqliteEventStore>> OpenExistingStore(const Config& config, const Common& c) {
  std::string db_path = StorePath(config, c);
  if (!std::filesystem::exists(db_path))
    return Fail(Error::NotFound(fmt::format("no database at {}", db_path)));
  return SqliteEventStore::Open(db_path, config.store.max_segments);
}

// --- parse -------------------------------------------------------------------------------
int CmdParse(const Config& config, const Common& c, const std::string& feed,
             const std::string& report_type, const std::vector<std::string>& inputs) {
  auto run = PrepareFeedRun(config, feed, report_type, inputs);
  if (!run) return Report(run.error());
  auto geo = OpenGeo(config, c);
  if (!geo) return Report(geo.error());
  auto& setup = run->setup;
  auto& files = run->files;
  SystemClock clock;
  uint64_t events = 0, rejected = 0;
  std::string out;
  for (const auto& path : files) {
    ReportInfo info = setup.info;
    info.file_name = std::filesystem::path(path).filename().string();
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
int CmdIngest(const Config& config, const Common& c, const std::string& feed,
              const std::string& report_type, const std::string& dead_letter_arg,
              const std::vector<std::string>& inputs) {
  // The feed and the inputs are checked before the database is created.
  auto run = PrepareFeedRun(config, feed, report_type, inputs);
  if (!run) return Report(run.error());
  auto ctx = IngestContext::Open(config, c);
  if (!ctx) return Report(ctx.error());
  IngestJob job;
  job.feed = feed;
  job.report_type = report_type;
  job.files = run->files;
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
  if (!r) return Report(r.error());
  for (const auto& e : r->file_errors) fmt::print(stderr, "belfry: {}\n", e);
  const double rate = r->seconds > 0 ? r->stored / r->seconds : 0.0;
  if (c.json) {
    std::string out = fmt::format(
        "{{\"files\": {}, \"failed_files\": {}, \"rows\": {}, \"stored\": {}, \"duplicates\": {}, "
        "\"rejected\": {}, \"seconds\": {:.3f}, \"events_per_second\": {:.0f}, \"database\": ",
        r->files, r->failed_files, r->records, r->stored, r->duplicates, r->rejected, r->seconds,
        rate);
    AppendJsonString(db_path, &out);
    out += ", \"dead_letters\": ";
    AppendJsonString(dead_letter, &out);
    fmt::print("{}}}\n", out);
  } else {
    fmt::print(
        "ingest: {} files, {} rows read, {} events stored, {} duplicates dropped, {} rows "
        "rejected, "
        "{:.2f} s, {:.0f} events/s\n",
        r->files, Thousands(r->records), Thousands(r->stored), Thousands(r->duplicates),
        Thousands(r->rejected), r->seconds, rate);
    if (r->rejected) fmt::print("ingest: rejected rows are in {}\n", dead_letter);
    fmt::print("ingest: database {}\n", db_path);
  }
  // Exit 0 when the input was processed; a file that could not be read at all is a failure.
  return r->failed_files == r->files && r->files > 0 ? kExitFailure : kExitOk;
}

// --- events search -------------------------------------------------------------------------
int CmdSearch(const Config& config, const Common& c, const EventQuery& q_in, const std::string& ip,
              const std::string& cidr, const std::string& since, const std::string& until,
              bool json) {
  EventQuery q = q_in;
  if (!ip.empty()) {
    auto a = IpAddress::Parse(ip);
    if (!a) return Report(Error::InvalidConfig(fmt::format("--ip: {}", a.error().message())));
    q.ip = *a;
  }
  if (!cidr.empty()) {
    auto n = IpNetwork::Parse(cidr);
    if (!n) return Report(Error::InvalidConfig(fmt::format("--cidr: {}", n.error().message())));
    q.cidr = *n;
  }
  for (auto [text, out, name] :
       {std::tuple{&since, &q.since_micros, "--since"}, {&until, &q.until_micros, "--until"}}) {
    if (text->empty()) continue;
    if (auto d = ParseDurationSeconds(*text); d && text->find('-') == std::string::npos) {
      *out = SystemClock().NowMicros() - *d * 1000000;  // "--since 7d" = the last 7 days
      continue;
    }
    auto t = ParseDateTimeMicros(*text);
    if (!t) return Report(Error::InvalidConfig(fmt::format("{}: {}", name, t.error().message())));
    *out = *t;
  }
  auto store = OpenExistingStore(config, c);
  if (!store) return Report(store.error());
  auto found = (*store)->Search(q);
  if (!found) return Report(found.error());
  if (!json) {
    fmt::print("{:<25}  {:<39}  {:>5}  {:>10}  {:<24}  {:<22}  {}\n", "time.source", "source.ip",
               "port", "source.asn", "classification.type", "feed.name", "route");
  }
  std::string line;
  for (const auto& f : *found) {
    auto ev = ParseEventJson(f.body);
    if (!ev) continue;
    if (json) {
      if (!f.raw_prefix.empty()) ev->raw_prefix = std::make_shared<const std::string>(f.raw_prefix);
      ev->raw = f.raw;
      line.clear();
      AppendEventJson(*ev, JsonWriteOptions{}, &line);
      fmt::print("{}\n", line);
      continue;
    }
    auto get = [&](FieldId id) { return std::string(ev->Get(id).value_or("")); };
    std::string route;
    if (f.route) {
      route = std::string(RouteKindName(f.route->kind)) + (f.route->target.empty() ? "" : " -> " + f.route->target);
      if (f.time_flags) route += " (" + TimeFlagsText(f.time_flags) + ")";
    }
    fmt::print("{:<25}  {:<39}  {:>5}  {:>10}  {:<24}  {:<22}  {}\n", get(fields::kTimeSource),
               get(fields::kSourceIp), get(fields::kSourcePort), get(fields::kSourceAsn),
               get(fields::kClassificationType), get(fields::kFeedName), route);
  }
  if (!json) fmt::print("({} events)\n", found->size());
  return kExitOk;
}

// --- events sql ----------------------------------------------------------------------------
int CmdSql(const Config& config, const Common& c, const std::string& sql, bool json) {
  auto store = OpenExistingStore(config, c);
  if (!store) return Report(store.error());
  bool header = false;
  std::string line;
  auto st = (*store)->Query(
      sql, [&](const std::vector<std::string>& names, const std::vector<std::string>& values,
               const std::vector<SqlType>& types) {
        line.clear();
        if (json) {
          // Values keep their SQL types: numbers as numbers, NULL as null.
          line.push_back('{');
          for (size_t i = 0; i < names.size(); ++i) {
            if (i) line.append(", ");
            AppendJsonString(names[i], &line);
            line.append(": ");
            const bool number = types[i] == SqlType::kInteger ||
                                (types[i] == SqlType::kFloat &&
                                 values[i].find_first_not_of("0123456789.-+eE") == std::string::npos);
            if (types[i] == SqlType::kNull)
              line.append("null");
            else if (number)
              line.append(values[i]);
            else
              AppendJsonString(values[i], &line);
          }
          line.push_back('}');
        } else {
          if (!header) {
            header = true;
            std::string h;
            for (size_t i = 0; i < names.size(); ++i) h += (i ? "\t" : "") + names[i];
            fmt::print("{}\n", h);
          }
          for (size_t i = 0; i < values.size(); ++i) line += (i ? "\t" : "") + values[i];
        }
        fmt::print("{}\n", line);
      });
  if (!st) return Report(st.error());
  return kExitOk;
}

// --- feeds list ----------------------------------------------------------------------------
int CmdFeedsList(const Config& config, bool json) {
  auto schema = ShadowserverSchemaSource::Create(config.shadowserver_schema);
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
  fmt::print("\nBuilt-in parsers: shadowserver, intelmq-json (csv needs a configured mapping)\n");
  fmt::print("\nShadowserver report types ({}, schema of {}{}):\n", s->types().size(),
             s->date_created(), (*schema)->path().empty() ? ", bundled" : ", " + (*schema)->path());
  for (const auto& [name, t] : s->types())
    fmt::print("  {:<40} {}{}\n", name, t.feed_name,
               t.unusable_reason.empty() ? "" : "  (unusable: " + t.unusable_reason + ")");
  return kExitOk;
}

// --- purge ---------------------------------------------------------------------------------
int CmdPurge(const Config& config, const Common& c, std::string dead_letter) {
  auto store = OpenExistingStore(config, c);
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

int Main(int argc, char** argv) {
  CLI::App app{"Belfry: a national CSIRT's platform for abuse reports, events and incidents"};
  app.require_subcommand(1);
  Common common;
  app.add_option("--config", common.config_path,
                 "TOML configuration file (else $BELFRY_CONFIG, else defaults)");
  bool show_version = false;
  app.add_flag("--version", show_version, "print the version");

  auto* parse = app.add_subcommand(
      "parse", "parse feed files to IntelMQ JSON lines on stdout (nothing stored)");
  std::string feed, report_type, dead_letter;
  std::vector<std::string> inputs;
  parse->add_option("--feed", feed, "configured feed name, or shadowserver / intelmq-json")
      ->required();
  parse->add_option("--report-type", report_type,
                    "Shadowserver report type (schema key or feed name)");
  parse->add_option("--mmdb", common.mmdb,
                    "MaxMind-format database (ASN, Country or City) for source/destination "
                    "enrichment; repeatable (adds to [enrich] mmdb)");
  parse->add_option("inputs", inputs, "files or directories")->required();

  auto* ingest = app.add_subcommand("ingest", "parse, validate, deduplicate and store feed files");
  ingest->add_option("--db", common.db, "SQLite database file (overrides [store] url)");
  ingest->add_option("--feed", feed, "configured feed name, or shadowserver / intelmq-json")
      ->required();
  ingest->add_option("--report-type", report_type,
                     "Shadowserver report type (schema key or feed name)");
  ingest->add_option("--dead-letter", dead_letter,
                     "JSON-lines file for rejected rows (default: beside the database)");
  ingest->add_option("--mmdb", common.mmdb,
                     "MaxMind-format database (ASN, Country or City); repeatable (adds to "
                     "[enrich] mmdb)");
  ingest->add_option("inputs", inputs, "files or directories")->required();
  ingest->add_flag("--json", common.json, "the summary as one JSON object");

  auto* events = app.add_subcommand("events", "work with stored events");
  events->require_subcommand(1);
  auto* search = events->add_subcommand("search", "search stored events");
  EventQuery q;
  std::string ip, cidr, since, until;
  int64_t asn = 0;
  bool json = false;
  search->add_option("--db", common.db, "SQLite database file");
  search->add_option("--ip", ip, "source.ip equals");
  search->add_option("--cidr", cidr, "source.ip within (e.g. 192.0.2.0/24)");
  search->add_option("--asn", asn, "source.asn equals");
  search->add_option("--type", q.type, "classification.type equals");
  search->add_option("--feed", q.feed, "feed.name equals");
  search->add_option("--since", since, "time.source at or after (ISO 8601, or a duration like 7d)");
  search->add_option("--until", until, "time.source before (ISO 8601)");
  search->add_option("--limit", q.limit, "at most this many events (default 100)");
  search->add_flag("--json", json, "IntelMQ JSON lines instead of a table");

  auto* sql = events->add_subcommand(
      "sql", "run a read-only SQL query; the view `events` has IntelMQ eventdb's columns");
  std::string sql_text;
  sql->add_option("--db", common.db, "SQLite database file");
  sql->add_option("query", sql_text, "SQL, e.g. SELECT \"source.ip\" FROM events LIMIT 5")
      ->required();
  sql->add_flag("--json", json, "JSON lines instead of tab-separated values");

  auto* feeds = app.add_subcommand("feeds", "feeds and parsers");
  feeds->require_subcommand(1);
  auto* feeds_list =
      feeds->add_subcommand("list", "list configured feeds, parsers and Shadowserver report types");
  feeds_list->add_flag("--json", json, "JSON lines");
  CollectCli collect_cli;
  AddCollectCommands(&app, feeds, &common, &collect_cli);

  auto* purge = app.add_subcommand("purge", "apply the retention policy ([retention])");
  purge->add_option("--db", common.db, "SQLite database file");
  purge->add_option("--dead-letter", dead_letter,
                    "dead-letter file to purge (default: beside the database)");
  purge->add_flag("--json", common.json, "the result as one JSON object");

  auto* bench = app.add_subcommand("bench", "benchmarks");
  bench->require_subcommand(1);
  auto* bench_ingest =
      bench->add_subcommand("ingest", "end-to-end ingest benchmark against a Python baseline");
  BenchOptions bopt;
  bool no_baseline = false;
  bench_ingest->add_option("--rows", bopt.rows, "rows in the generated report (default 1000000)");
  bench_ingest->add_option("--dir", bopt.dir, "work directory (kept)");
  bench_ingest->add_flag("--no-baseline", no_baseline, "skip the Python baseline");
  bench_ingest->add_flag("--json", bopt.json, "one JSON object");
  bench_ingest->add_flag("--enrich", bopt.enrich,
                         "also ingest with ASN/geo, time sanity and routing on; report the ratio");
  bench_ingest->add_option("--networks", bopt.networks,
                           "networks in the generated constituency for --enrich (default 1000000)");
  bench_ingest->add_option("--mmdb", bopt.mmdb, "MaxMind-format database for --enrich; repeatable");
  auto* bench_ripe = bench->add_subcommand(
      "ripe-import", "RIPE RPSL import of a generated full-size dump, beside a Python importer");
  RipeBenchOptions ropt;
  bench_ripe->add_option("--objects", ropt.objects,
                         "objects in the generated dump (default 5500000)");
  bench_ripe->add_option("--baseline-objects", ropt.baseline_objects,
                         "objects for the Python comparison (default 500000, 0 = none)");
  bench_ripe->add_option("--dir", ropt.dir, "work directory (kept; the dump is reused)");
  bench_ripe->add_flag("--json", ropt.json, "one JSON object");

  auto* bench_collect = bench->add_subcommand(
      "collect", "collecting a report through each source kind, beside a direct ingest");
  BenchCollectOptions copt;
  bench_collect->add_option("--rows", copt.rows, "rows in the generated report (default 1000000)");
  bench_collect->add_option("--dir", copt.dir, "work directory (kept)");
  bench_collect->add_option("--server-script", copt.server_script,
                            "loopback HTTP server for the http variant (\"\" = none)");
  bench_collect->add_flag("--json", copt.json, "one JSON object");

  ConstituencyCli constituency;
  AddConstituencyCommands(&app, &common, &constituency);

  auto* sample = app.add_subcommand("sample", "write sample data");
  auto* sample_scan =
      sample->add_subcommand("scan-report", "write a generated Shadowserver scan_http report");
  std::string sample_out;
  uint64_t sample_rows = 1000;
  sample_scan->add_option("--rows", sample_rows, "rows");
  sample_scan->add_option("output", sample_out, "output file")->required();
  sample->require_subcommand(1);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  auto config = LoadConfig(common.config_path);
  if (!config) return Report(config.error());
  SetupLogging(*config);
  search->parsed();
  if (parse->parsed()) return CmdParse(*config, common, feed, report_type, inputs);
  if (ingest->parsed()) return CmdIngest(*config, common, feed, report_type, dead_letter, inputs);
  if (search->parsed()) {
    if (asn) q.asn = asn;
    return CmdSearch(*config, common, q, ip, cidr, since, until, json);
  }
  if (sql->parsed()) return CmdSql(*config, common, sql_text, json);
  if (feeds_list->parsed()) return CmdFeedsList(*config, json);
  if (purge->parsed()) return CmdPurge(*config, common, dead_letter);
  if (bench_ingest->parsed()) {
    bopt.baseline = !no_baseline;
    bopt.keep = !bopt.dir.empty();
    return RunBenchIngest(*config, bopt, argv[0]);
  }
  if (bench_ripe->parsed()) return RunBenchRipeImport(*config, ropt);
  if (bench_collect->parsed()) return RunBenchCollect(*config, copt);
  if (auto rc = RunConstituencyCommand(constituency, *config, common)) return *rc;
  if (auto rc = RunCollectCommand(collect_cli, *config, common)) return *rc;
  if (sample_scan->parsed()) {
    auto s = WriteSampleScanReport(sample_out, sample_rows);
    if (!s) return Report(s.error());
    return kExitOk;
  }
  return kExitUsage;
}

}  // namespace belfry

int main(int argc, char** argv) {
  try {
    return belfry::Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "belfry: internal error: %s\n", e.what());
    return 1;
  }
}
