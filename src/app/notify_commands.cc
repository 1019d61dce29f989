#include "app/notify_commands.h"

#include "notify/notify_json.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "app/services.h"
#include "app/ticket_output.h"
#include "core/date_time.h"
#include "core/json_object.h"
#include "notify/notifier.h"

namespace belfry {

namespace {

Result<NotifySummary> RunOnce(Services& s, const NotifyOptions& options) {
  auto events = s.events();
  if (!events) return Fail(events.error());
  auto store = s.notify_store();
  if (!store) return Fail(store.error());
  auto tracker = s.tracker();
  if (!tracker) return Fail(tracker.error());
  auto mailer = s.mailer();
  if (!mailer) return Fail(mailer.error());
  auto holder = s.constituency();
  if (!holder) return Fail(holder.error());
  auto index = (*holder)->Current();
  NotifierDeps deps;
  deps.config = &s.config().notify;
  deps.mail = &s.config().tickets.mail;
  deps.events = *events;
  deps.store = *store;
  deps.tracker = *tracker;
  deps.mailer = *mailer;
  deps.index = index.get();
  deps.clock = &s.clock();
  Notifier notifier(deps);
  return notifier.Run(options);
}

std::string When(int64_t t) { return t ? FormatIsoUtc(t * 1000000) : "-"; }

int Run(const NotifyCli& cli, Services& s) {
  NotifyOptions options;
  options.dry_run = cli.dry_run;
  options.actor = Actor();
  if (!cli.since.empty()) {
    auto t = ParseSinceMicros(cli.since, s.clock().NowMicros());
    if (!t) return Report(Error::InvalidInput(fmt::format("--since: {}", t.error().message())));
    options.since = *t / 1000000;
  }
  auto summary = RunOnce(s, options);
  if (!summary) return Report(summary.error());
  if (s.common().json) {
    fmt::print("{}\n", summary->ToJson());
  } else {
    fmt::print("{}", summary->ToText());
  }
  if (cli.dry_run || cli.no_send || summary->mails == 0) return kExitOk;
  return DeliverOutboxNow(s, s.common().json);
}

int Inhibit(const NotifyCli& cli, Services& s) {
  auto store = s.notify_store();
  if (!store) return Report(store.error());
  Inhibition i;
  i.organisation = cli.organisation;
  i.classification = cli.classification;
  i.identifier = cli.identifier;
  i.network = cli.network;
  i.reason = cli.reason;
  i.actor = Actor();
  i.created = s.clock().NowSeconds();
  if (!i.network.empty()) {
    if (!IpNetwork::Parse(i.network) && !IpAddress::Parse(i.network))
      return Report(Error::InvalidInput(fmt::format("--network {}: not an address or CIDR", i.network)));
  }
  if (!cli.until.empty()) {
    auto t = ParseDateTimeMicros(cli.until);
    if (!t) return Report(Error::InvalidInput(fmt::format("--until {}: not a date", cli.until)));
    i.until = *t / 1000000;
  }
  auto id = (*store)->AddInhibition(i);
  if (!id) return Report(id.error());
  if (s.common().json)
    fmt::print("{}\n", JsonObject().Int("id", *id).Done());
  else
    fmt::print("inhibition {} recorded{}\n", *id,
               i.until ? fmt::format(" until {}", When(i.until)) : " (no end date)");
  return kExitOk;
}

int Inhibitions(const NotifyCli& cli, Services& s) {
  auto store = s.notify_store();
  if (!store) return Report(store.error());
  auto list = (*store)->Inhibitions(cli.all ? 0 : s.clock().NowSeconds());
  if (!list) return Report(list.error());
  for (const auto& i : *list) {
    if (s.common().json) {
      fmt::print("{}\n", InhibitionJson(i));
    } else {
      fmt::print("{:>4}  {:<14} {:<22} {:<16} {:<18} until {:<25} {}\n", i.id,
                 i.organisation.empty() ? "*" : i.organisation,
                 i.classification.empty() ? "*" : i.classification,
                 i.identifier.empty() ? "*" : i.identifier, i.network.empty() ? "*" : i.network,
                 i.until ? When(i.until) : "(no end)", i.reason);
    }
  }
  if (!s.common().json && list->empty()) fmt::print("no inhibitions in force\n");
  return kExitOk;
}

int Failing(const NotifyCli& cli, Services& s) {
  auto store = s.notify_store();
  if (!store) return Report(store.error());
  if (!cli.clear.empty()) {
    auto gone = (*store)->ClearFailing(cli.clear);
    if (!gone) return Report(gone.error());
    if (!*gone) return Report(Error::NotFound(fmt::format("{} is not marked failing", cli.clear)));
    fmt::print("{} is no longer marked failing: the next run mails it again\n", cli.clear);
    return kExitOk;
  }
  auto list = (*store)->Failing();
  if (!list) return Report(list.error());
  for (const auto& f : *list) {
    if (s.common().json) {
      fmt::print("{}\n", FailingJson(f));
    } else {
      fmt::print("{}  since {}, {} bounce(s), last #{}: {}\n", f.address, When(f.since),
                 f.bounces, f.notification, f.reason);
    }
  }
  if (!s.common().json && list->empty()) fmt::print("no failing recipients\n");
  return kExitOk;
}

int List(const NotifyCli& cli, Services& s) {
  auto store = s.notify_store();
  if (!store) return Report(store.error());
  auto list = (*store)->ListNotifications(cli.limit);
  if (!list) return Report(list.error());
  for (const auto& n : *list) {
    if (s.common().json) {
      fmt::print("{}\n", NotificationJson(n));
    } else {
      fmt::print("#{:<5} {}  {:<32} {:<11} {:<20} {:>5} event(s) ticket #{} {}{}{}\n", n.id,
                 When(n.created), n.recipient, n.route, n.classification, n.events, n.ticket_id,
                 n.state, n.signed_mail ? " signed" : "", n.encrypted ? " encrypted" : "");
    }
  }
  return kExitOk;
}

int Runs(const NotifyCli& cli, Services& s) {
  auto store = s.notify_store();
  if (!store) return Report(store.error());
  auto runs = (*store)->Runs(cli.limit);
  if (!runs) return Report(runs.error());
  for (const auto& r : *runs) {
    if (s.common().json)
      fmt::print("{}\n", NotifyRunJson(r));
    else
      fmt::print("run {} at {}: {}\n", r.id, When(r.started), r.summary_json);
  }
  return kExitOk;
}

}  // namespace

void AddNotifyCommands(CLI::App* app, Common* common, NotifyCli* cli) {
  auto* notify = app->add_subcommand("notify", "automatic notifications of stored events");
  notify->require_subcommand(1);
  auto common_opts = [&](CLI::App* c) {
    c->add_option("--db", common->db, "SQLite database file");
    c->add_flag("--json", common->json, "JSON output");
  };
  cli->run = notify->add_subcommand("run", "mail every responsible party its new events, once");
  cli->run->add_option("--since", cli->since, "only events received since (7d, or a date-time)");
  cli->run->add_flag("--dry-run", cli->dry_run, "list which mails would go where; send nothing");
  cli->run->add_flag("--no-send", cli->no_send, "queue the mails; leave delivery to `belfry run`");
  cli->run->add_option("--smtp", common->smtp,
                       "SMTP server URL (smtp://user:pass@host:port); else [mail] smtp_url, else the outbox Maildir");
  common_opts(cli->run);
  cli->inhibit = notify->add_subcommand("inhibit", "no mail about these findings until a date");
  cli->inhibit->add_option("--organisation", cli->organisation, "organisation handle (default: all)");
  cli->inhibit->add_option("--classification", cli->classification, "classification type or taxonomy");
  cli->inhibit->add_option("--identifier", cli->identifier, "classification.identifier, e.g. open-dns");
  cli->inhibit->add_option("--network", cli->network, "an address or CIDR");
  cli->inhibit->add_option("--until", cli->until, "end date (e.g. 2027-03-01)");
  cli->inhibit->add_option("--reason", cli->reason, "why (shown in the list)")->required();
  common_opts(cli->inhibit);
  cli->uninhibit = notify->add_subcommand("uninhibit", "remove an inhibition");
  cli->uninhibit->add_option("id", cli->id)->required();
  common_opts(cli->uninhibit);
  cli->inhibitions = notify->add_subcommand("inhibitions", "the inhibitions in force");
  cli->inhibitions->add_flag("--all", cli->all, "expired ones too");
  common_opts(cli->inhibitions);
  cli->failing = notify->add_subcommand("failing", "recipients whose notifications bounced");
  cli->failing->add_option("--clear", cli->clear, "the address works again: mail it again");
  common_opts(cli->failing);
  cli->list = notify->add_subcommand("list", "notifications sent, newest first");
  cli->list->add_option("--limit", cli->limit, "at most N (default 50)");
  common_opts(cli->list);
  cli->runs = notify->add_subcommand("runs", "the summaries of past runs");
  cli->runs->add_option("--limit", cli->limit, "at most N (default 50)");
  common_opts(cli->runs);
}

std::optional<int> RunNotifyCommand(const NotifyCli& cli, Services& s) {
  if (!cli.run) return std::nullopt;
  if (cli.run->parsed()) return Run(cli, s);
  if (cli.inhibit->parsed()) return Inhibit(cli, s);
  if (cli.uninhibit->parsed()) {
    auto store = s.notify_store();
    if (!store) return Report(store.error());
    auto gone = (*store)->RemoveInhibition(cli.id);
    if (!gone) return Report(gone.error());
    if (!*gone) return Report(Error::NotFound(fmt::format("no inhibition {}", cli.id)));
    fmt::print("inhibition {} removed\n", cli.id);
    return kExitOk;
  }
  if (cli.inhibitions->parsed()) return Inhibitions(cli, s);
  if (cli.failing->parsed()) return Failing(cli, s);
  if (cli.list->parsed()) return List(cli, s);
  if (cli.runs->parsed()) return Runs(cli, s);
  return std::nullopt;
}

void NotifyOnSchedule(Services& s) {
  NotifyOptions options;
  options.actor = "belfry run";
  auto summary = RunOnce(s, options);
  if (!summary) {
    spdlog::warn("notify: {}", summary.error().message());
    return;
  }
  if (summary->mails)
    spdlog::info("notify: {} mail(s) queued, {} event(s) notified", summary->mails,
                 summary->events_notified);
  for (const auto& p : summary->problems) spdlog::warn("notify: {}", p);
}

}  // namespace belfry
