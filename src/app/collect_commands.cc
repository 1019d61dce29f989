#include "app/collect_commands.h"

#include "app/advisory_commands.h"
#include "app/newsletter_commands.h"
#include "app/mail_commands.h"
#include "app/notify_commands.h"
#include "app/share_commands.h"
#include "app/stop_signals.h"
#include "app/ticket_output.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "app/collect_wiring.h"
#include "app/feed_recipes.h"
#include "app/ingest_context.h"
#include "app/services.h"
#include "app/web_service.h"
#include "collect/collector.h"
#include "collect/feed_scheduler.h"
#include "collect/http_client.h"
#include "collect/schedule.h"
#include "core/date_time.h"
#include "core/json_object.h"
#include "core/text.h"

namespace belfry {
namespace {

std::string When(int64_t seconds) {
  return seconds > 0 ? FormatIsoUtc(seconds * 1000000).substr(0, 19) + "Z" : "-";
}

std::vector<const FeedConfig*> CollectableFeeds(const Config& config) {
  return belfry::CollectableFeeds(config.feeds);
}

// Prometheus text format (node_exporter's textfile collector reads it), rewritten after each
// run so that monitoring sees a failing feed without reading logs.
void WriteMetrics(Services& services) {
  auto parent = std::filesystem::path(services.db_path()).parent_path();
  std::string path =
      (parent.empty() ? std::filesystem::path("metrics.prom") : parent / "metrics.prom").string();
  std::ofstream f(path + ".tmp");
  f << services.metrics().RenderPrometheus();
  f.close();
  std::error_code ec;
  if (f) std::filesystem::rename(path + ".tmp", path, ec);
}

void PrintRun(const FeedRunResult& r, bool json) {
  if (json) {
    fmt::print("{}\n", JsonObject()
                           .Str("feed", r.feed)
                           .Bool("ok", r.ok)
                           .Bool("busy", r.busy)
                           .Int("reports", r.reports)
                           .Int("skipped", r.skipped)
                           .Int("failed", r.failed)
                           .Int("events", r.events)
                           .Int("duplicates", r.duplicates)
                           .Int("rejected", r.rejected)
                           .Raw("seconds", fmt::format("{:.3f}", r.seconds))
                           .Str("next_run", When(r.next_run))
                           .StrOrNull("error", r.ok ? "" : r.error)
                           .Done());
    return;
  }
  if (r.busy) {
    fmt::print("collect: {}: skipped, another process is collecting it\n", r.feed);
    return;
  }
  fmt::print(
      "collect: {}: {}: {} reports ingested, {} skipped as already ingested, {} failed; {} "
      "events stored, {} duplicates, {} rows rejected ({:.2f} s); next run {}\n",
      r.feed, r.ok ? "ok" : "FAILED: " + r.error, r.reports, r.skipped, r.failed,
      Thousands(r.events), Thousands(r.duplicates), Thousands(r.rejected), r.seconds,
      When(r.next_run));
}

Error NoCollectableFeeds(const Config& config) {
  return Error::InvalidConfig(
      fmt::format("no feed with a source in {}; see `belfry feeds recipes`", config.source));
}

// The collector wired to the store, with SIGTERM and Ctrl-C asking it to stop.
Result<std::unique_ptr<CollectWiring>> StartCollecting(Services& services) {
  auto w = WireCollector(services);
  if (!w) return Fail(w.error());
  HandleStopSignals(&services.stop());
  return w;
}

int CmdCollect(const CollectCli& cli, Services& services) {
  const Config& config = services.config();
  const Common& common = services.common();
  std::vector<const FeedConfig*> feeds;
  if (!cli.feed.empty()) {
    const FeedConfig* f = config.FindFeed(cli.feed);
    if (!f)
      return Report(Error::NotFound(fmt::format("no feed '{}' in {}", cli.feed, config.source)));
    if (f->source.kind.empty())
      return Report(Error::InvalidConfig(fmt::format(
          "feed '{}' has no source; give it source = \"…\" in {}", f->name, config.source)));
    feeds.push_back(f);
  } else {
    feeds = CollectableFeeds(config);
    if (feeds.empty()) return Report(NoCollectableFeeds(config));
  }
  auto w = StartCollecting(services);
  if (!w) return Report(w.error());
  FeedScheduler scheduler(*(*w)->collector, *(*w)->ledger, services.clock(), services.stop(),
                          &services.metrics());
  bool failed = false;
  size_t ran = 0;
  for (const FeedConfig* f : feeds) {
    if (services.stop().stop_requested()) break;
    if (cli.feed.empty()) {
      auto next = (*w)->collector->NextRun(*f);
      if (!next) return Report(next.error());
      if (*next > services.clock().NowSeconds()) {
        if (!common.json) fmt::print("collect: {}: not due until {}\n", f->name, When(*next));
        continue;
      }
    }
    FeedRunResult r = (*w)->collector->RunFeed(*f, services.stop().stop_flag());
    ++ran;
    failed |= !r.ok;
    PrintRun(r, common.json);
  }
  scheduler.UpdateMetrics(CollectableFeeds(config));
  WriteMetrics(services);
  if (!common.json && ran == 0) fmt::print("collect: no feed was due\n");
  return failed ? kExitFailure : kExitOk;
}

int CmdRun(const Config& initial, const Common& common) {
  const Config* config = &initial;
  std::unique_ptr<Config> reloaded;  // the configuration read again on SIGHUP
  // Nothing to do: no feed to collect and no mail to take.
  if (CollectableFeeds(*config).empty() && config->tickets.mail.gateway_maildir.empty())
    return Report(NoCollectableFeeds(*config));
  auto services = Services::Create(*config, common);
  auto w = StartCollecting(*services);
  if (!w) return Report(w.error());
  HandleHangup();
  spdlog::info("run: {} feeds, database {}", CollectableFeeds(*config).size(), services->db_path());
  // The console, the API and the self-check in the same process ([web] enabled).
  std::unique_ptr<WebService> web = StartWebInRun(*config, common, &services->metrics());
  auto on_run = [&](const FeedConfig& f, const FeedRunResult& r) {
    if (r.ok)
      spdlog::info("feed {}: {} reports, {} events, {} skipped; next run {}", f.name, r.reports,
                   r.events, r.skipped, When(r.next_run));
    if (!r.busy) WriteMetrics(*services);
  };
  while (!services->stop().stop_requested()) {
    if (services->stop().TakeReload()) {
      // A new feed (`belfry feeds add`) or a changed schedule without a restart. A bad file
      // changes nothing: the error names the key and the previous configuration stays.
      auto fresh = LoadConfig(common.config_path);
      if (fresh && CollectableFeeds(*fresh).empty() && fresh->tickets.mail.gateway_maildir.empty())
        fresh = Fail(NoCollectableFeeds(*fresh));
      if (fresh) {
        auto next_config = std::make_unique<Config>(std::move(*fresh));
        auto next_services = Services::Create(*next_config, common);
        auto next_wiring = StartCollecting(*next_services);
        if (!next_wiring) {
          HandleStopSignals(&services->stop());
          fresh = Fail(next_wiring.error());
        } else {
          // The old wiring goes before its services, and they before their configuration;
          // the web server holds the old configuration too and starts again on the new one.
          web.reset();
          *w = std::move(*next_wiring);
          services = std::move(next_services);
          reloaded = std::move(next_config);
          config = reloaded.get();
          spdlog::info("run: configuration reloaded from {}: {} feeds", config->source,
                       CollectableFeeds(*config).size());
          web = StartWebInRun(*config, common, &services->metrics());
        }
      }
      if (!fresh)
        spdlog::error("run: configuration not reloaded, the previous one stays: {}",
                      fresh.error().message());
    }
    FeedScheduler scheduler(*(*w)->collector, *(*w)->ledger, services->clock(), services->stop(),
                            &services->metrics());
    // The outbox: mail queued by other commands (and retries after 4xx) goes out from here.
    // Notifications: every [notify] interval, after the feeds' events are stored.
    int64_t next_notify = 0;
    scheduler.SetTick(
        [&services, &next_notify] {
          TakeGatewayMaildir(*services);
          const NotifyConfig& nc = services->config().notify;
          const int64_t now = services->clock().NowSeconds();
          if (nc.enabled && now >= next_notify) {
            next_notify = now + nc.interval;
            NotifyOnSchedule(*services);
          }
          PublishScheduledAdvisories(*services);
          SendScheduledNewsletters(*services);
          SyncMisp(*services);
          DeliverQueuedMail(*services);
        },
        30);
    scheduler.Run(CollectableFeeds(*config), on_run);
  }
  spdlog::info("run: stopped");
  return kExitOk;
}

// One feed's status as JSON (feeds status --json, GET /api/v1/feeds).
std::string FeedStatusJson(const FeedConfig& f, const FeedState& st_, const std::string& status) {
  const FeedState* st = &st_;
  auto when = [](int64_t v) { return v > 0 ? When(v) : std::string(); };
  return JsonObject()
          .Str("feed", f.name)
          .Str("source", f.source.kind == "http" || f.source.kind == "imap"
                             ? RedactUrl(f.source.location)
                             : f.source.kind + (f.source.location.empty()
                                                    ? ""
                                                    : ":" + f.source.location))
          .Str("schedule", f.source.schedule)
          .Str("status", status)
          .StrOrNull("last_run", when(st->last_run))
          .StrOrNull("last_success", when(st->last_success))
          .StrOrNull("last_error_at", when(st->last_error_at))
          .StrOrNull("next_run", when(st->next_run))
          .StrOrNull("last_error", st->last_error)
          .Int("consecutive_failures", st->failures)
          .Int("last_events", static_cast<int64_t>(st->last_events))
          .Int("last_reports", static_cast<int64_t>(st->last_reports))
          .Done();
}

std::string FeedStatusLabel(const FeedConfig& f, const FeedState& st) {
  return !f.enabled          ? "disabled"
         : st.last_run == 0 ? "never-run"
         : st.failures > 0  ? "failing"
                             : "ok";
}


int CmdFeedsStatus(const CollectCli& cli, Services& services) {
  const Config& config = services.config();
  const Common& common = services.common();
  if (auto st = services.RequireDatabase(); !st) return Report(st.error());
  auto ledger = services.ledger();
  if (!ledger) return Report(ledger.error());
  bool failing = false;
  if (!common.json)
    fmt::print("{:<24} {:<10} {:<20} {:<20} {:<20} {:>9} {:>8}  {}\n", "FEED", "STATUS",
               "LAST SUCCESS", "NEXT RUN", "LAST RUN", "EVENTS", "REPORTS", "LAST ERROR");
  for (const auto& f : config.feeds) {
    if (f.source.kind.empty()) continue;
    auto st = (*ledger)->State(f.name);
    if (!st) return Report(st.error());
    const std::string status = FeedStatusLabel(f, *st);
    failing |= status == "failing";
    if (common.json) {
      fmt::print("{}\n", FeedStatusJson(f, *st, status));
    } else {
      fmt::print("{:<24} {:<10} {:<20} {:<20} {:<20} {:>9} {:>8}  {}\n", f.name, status,
                 When(st->last_success), When(st->next_run), When(st->last_run),
                 Thousands(st->last_events), st->last_reports,
                 st->last_error.empty() ? "" : st->last_error);
    }
  }
  return cli.check && failing ? kExitFailure : kExitOk;
}

// The ledger: every report fetched, newest first.
int CmdFeedsReports(const CollectCli& cli, Services& services) {
  const Config& config = services.config();
  const Common& common = services.common();
  if (auto st = services.RequireDatabase(); !st) return Report(st.error());
  auto ledger = services.ledger();
  if (!ledger) return Report(ledger.error());
  std::vector<std::string> feeds;
  if (!cli.feed.empty())
    feeds.push_back(cli.feed);
  else
    for (const auto& f : config.feeds)
      if (!f.source.kind.empty()) feeds.push_back(f.name);
  std::vector<LedgerEntry> rows;
  for (const auto& f : feeds) {
    auto recent = (*ledger)->Recent(f, cli.limit);
    if (!recent) return Report(recent.error());
    rows.insert(rows.end(), recent->begin(), recent->end());
  }
  std::sort(rows.begin(), rows.end(),
            [](const LedgerEntry& a, const LedgerEntry& b) { return a.id > b.id; });
  if (rows.size() > cli.limit) rows.resize(cli.limit);
  if (!common.json)
    fmt::print("{:>6}  {:<20} {:<20} {:<10} {:>9} {:>9} {:>8}  {}\n", "ID", "FEED", "FETCHED",
               "STATUS", "EVENTS", "DUPLICATE", "REJECTED", "REPORT");
  for (const auto& e : rows) {
    if (common.json) {
      fmt::print("{}\n", JsonObject()
                             .Int("id", e.id)
                             .Str("feed", e.feed)
                             .Str("source_id", e.source_id)
                             .Str("file_name", e.file_name)
                             .Str("sha256", e.sha256)
                             .Int("bytes", static_cast<int64_t>(e.bytes))
                             .Str("fetched_at", When(e.fetched_at))
                             .Str("status", e.status)
                             .Int("events", static_cast<int64_t>(e.events))
                             .Int("duplicates", static_cast<int64_t>(e.duplicates))
                             .Int("rejected", static_cast<int64_t>(e.rejected))
                             .StrOrNull("error", e.error)
                             .Done());
    } else {
      fmt::print("{:>6}  {:<20} {:<20} {:<10} {:>9} {:>9} {:>8}  {}{}\n", e.id, e.feed,
                 When(e.fetched_at), e.status, Thousands(e.events), Thousands(e.duplicates),
                 Thousands(e.rejected), e.file_name, e.error.empty() ? "" : "  (" + e.error + ")");
    }
  }
  return kExitOk;
}

}  // namespace

void AddCollectCommands(CLI::App* app, CLI::App* feeds, Common* common, CollectCli* cli) {
  cli->collect = app->add_subcommand(
      "collect", "run each due collector once (or the one given) and ingest what it fetches");
  cli->collect->add_option("--feed", cli->feed, "run this feed now, due or not");
  cli->collect->add_option("--db", common->db, "SQLite database file (overrides [store] url)");
  cli->collect->add_option("--dead-letter", common->dead_letter,
                           "JSON-lines file for rejected rows (default: beside the database)");
  cli->collect->add_flag("--json", common->json, "one JSON object per feed run");
  cli->run =
      app->add_subcommand("run", "collect every feed on its schedule until SIGTERM or Ctrl-C");
  cli->run->add_option("--db", common->db, "SQLite database file (overrides [store] url)");
  cli->run->add_option("--dead-letter", common->dead_letter,
                       "JSON-lines file for rejected rows (default: beside the database)");
  cli->status = feeds->add_subcommand(
      "status", "per feed: last success, last error, next run, events of the last run");
  cli->status->add_option("--db", common->db, "SQLite database file");
  cli->status->add_flag("--json", common->json, "JSON lines");
  cli->status->add_flag("--check", cli->check, "exit 1 if a feed's last collection failed");
  cli->reports = feeds->add_subcommand(
      "reports", "the reports collectors fetched, newest first: checksum, status, events");
  cli->reports->add_option("--db", common->db, "SQLite database file");
  cli->reports->add_option("--feed", cli->feed, "only this feed");
  cli->reports->add_option("--limit", cli->limit, "at most this many (default 20)")
      ->check(CLI::Range(size_t{1}, size_t{1} << 31));
  cli->reports->add_flag("--json", common->json, "JSON lines");
  cli->recipes = feeds->add_subcommand("recipes", "list the built-in feed recipes");
  cli->recipes->add_flag("--json", common->json, "JSON lines");
  cli->add = feeds->add_subcommand(
      "add", "append a ready [[feeds]] entry for a built-in recipe to the configuration");
  cli->add->add_option("recipe", cli->feed, "recipe name (see `belfry feeds recipes`)")->required();
  cli->add->add_option("--to", cli->output,
                       "configuration file to append to (default: --config, $BELFRY_CONFIG, "
                       "else ./belfry.toml); - prints it");
  cli->add->add_option("--name", cli->as_name, "the feed's name (default: the recipe's)");
  cli->add->add_option("--set", cli->sets,
                       "fill a placeholder, e.g. --set cc=BE (see the recipe); repeatable");
}

std::optional<int> RunCollectCommand(const CollectCli& cli, const Config& config,
                                     const Common& common) {
  if (cli.run->parsed()) return CmdRun(config, common);
  if (cli.recipes->parsed()) return CmdFeedsRecipes(common.json);
  auto services = Services::Create(config, common);
  if (cli.collect->parsed()) return CmdCollect(cli, *services);
  if (cli.status->parsed()) return CmdFeedsStatus(cli, *services);
  if (cli.reports->parsed()) return CmdFeedsReports(cli, *services);
  if (cli.add->parsed())
    return CmdFeedsAdd(config, common, cli.feed, cli.as_name, cli.sets, cli.output);
  return std::nullopt;
}

Result<std::string> FeedsStatusJson(Services& services) {
  auto ledger = services.ledger();
  if (!ledger) return Fail(ledger.error());
  std::string out = "{\"feeds\": [";
  for (const auto& f : services.config().feeds) {
    if (f.source.kind.empty()) continue;
    auto st = (*ledger)->State(f.name);
    if (!st) return Fail(st.error());
    if (out.back() != '[') out += ", ";
    out += FeedStatusJson(f, *st, FeedStatusLabel(f, *st));
  }
  return out + "]}";
}

}  // namespace belfry
