#include "app/share_commands.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>

#include "app/event_query_commands.h"
#include "app/services.h"
#include "app/ticket_output.h"
#include "collect/http_client.h"
#include "core/date_time.h"
#include "core/json_object.h"
#include "share/misp_sync.h"
#include "share/share_export.h"

namespace belfry {

namespace {

struct FileCloser {
  void operator()(FILE* f) const {
    if (f && f != stdout) std::fclose(f);
  }
};

int Export(const ShareCli& cli, Services& s) {
  if (Status db = s.RequireDatabase(); !db) return Report(db.error());
  auto holder = s.constituency();
  auto to = ResolveRecipient(cli.recipient, holder ? (*holder)->Current().get() : nullptr);
  if (!to)
    return Report(Error::InvalidConfig(
        "--for: public, community, peer:NAME, org:HANDLE, named:NAME, or a team or "
        "organisation by name"));
  ShareRequest r;
  r.format = cli.format;
  r.to = *to;
  r.ticket = cli.ticket;
  r.info = cli.info;
  r.misp_objects = cli.objects;
  r.actor = Actor();
  r.query = cli.query;
  const EventFilterOptions& f = cli.filters;
  if (f.asn) r.query.asn = f.asn;
  if (Status st = ApplyEventFilters(f.ip, f.cidr, f.since, f.until, &r.query); !st)
    return Report(st.error());
  auto events = s.event_reader();
  if (!events) return Report(events.error());
  TicketStore* tickets = nullptr;
  if (r.ticket != 0) {
    auto t = s.tickets();
    if (!t) return Report(t.error());
    tickets = *t;
  }
  std::unique_ptr<FILE, FileCloser> out(cli.out.empty() ? stdout : std::fopen(cli.out.c_str(), "wb"));
  if (!out) return Report(Error::Io(fmt::format("cannot write {}", cli.out)));
  const auto& team = s.config().team;
  SharingTeam us{team.name, s.config().tickets.mail.from, team.website};
  FILE* file = out.get();
  auto done = ExportShared(r, **events, tickets, us, s.clock().NowSeconds(),
                           [file](std::string_view b) { std::fwrite(b.data(), 1, b.size(), file); });
  if (!done) return Report(done.error());
  for (const auto& d : done->damaged)
    fmt::print(stderr, "belfry: event {} (segment {}, row {}) cannot be read: {}\n", d.id,
               d.segment, d.row, d.reason);
  if (std::fflush(file) != 0 || std::ferror(file))
    return Report(Error::Io(fmt::format("cannot write {}", cli.out.empty() ? "stdout" : cli.out)));
  fmt::print(stderr, "export {}: {} event(s) ({} {}) for {}; {} withheld by TLP", cli.format,
             done->shared, done->items,
             cli.format == "misp"    ? "attribute(s) and object(s)"
             : cli.format == "stix"  ? "indicator(s)"
             : cli.format == "iodef" ? "incident(s)"
                                     : "report(s)",
             RecipientName(*to), done->withheld);
  if (done->skipped) fmt::print(stderr, "; {} without an observable", done->skipped);
  fmt::print(stderr, "\n");
  return kExitOk;
}

// POST to the configured instance with its key; libcurl, TLS as configured.
MispPost MakeMispPost(const MispSyncConfig& c) {
  return [&c](const std::string& path, const std::string& body) -> Result<MispReply> {
    HttpRequest req;
    req.url = c.url + path;
    req.method = "POST";
    req.body = body;
    req.headers = {"Authorization: " + c.key, "Accept: application/json",
                   "Content-Type: application/json"};
    req.timeout_seconds = c.timeout;
    req.verify_tls = c.verify_tls;
    req.ca_file = c.ca_file;
    MispReply reply;
    auto r = HttpFetch(req, [&reply](std::string_view b) -> Status {
      if (reply.body.size() < (1 << 20)) reply.body.append(b);
      return Ok();
    });
    if (!r) return Fail(r.error());
    reply.status = r->status;
    return reply;
  };
}

// The MISP sync's records: kept by the tracker's store.
Result<MispPushStore*> PushStore(Services& s) {
  auto tickets = s.tickets();
  if (!tickets) return Fail(tickets.error());
  auto* pushes = dynamic_cast<MispPushStore*>(*tickets);
  if (!pushes) return Fail(Error::Internal("the ticket store keeps no MISP pushes"));
  return pushes;
}

Result<std::unique_ptr<MispSync>> OpenSync(Services& s) {
  const MispSyncConfig& c = s.config().share.misp;
  if (!c.enabled()) return Fail(Error::InvalidConfig("no MISP instance: set [share.misp] url and key"));
  auto events = s.event_reader();
  if (!events) return Fail(events.error());
  auto tickets = s.tickets();
  if (!tickets) return Fail(tickets.error());
  auto pushes = PushStore(s);
  if (!pushes) return Fail(pushes.error());
  const auto& team = s.config().team;
  return std::make_unique<MispSync>(c, *events, *tickets, *pushes,
                                    SharingTeam{team.name, s.config().tickets.mail.from, team.website},
                                    MakeMispPost(c));
}

int Push(const ShareCli& cli, Services& s) {
  if (Status db = s.RequireDatabase(); !db) return Report(db.error());
  auto sync = OpenSync(s);
  if (!sync) return Report(sync.error());
  const int64_t now = s.clock().NowSeconds();
  auto queued = (*sync)->QueueChanged(now, cli.ticket);
  if (!queued) return Report(queued.error());
  auto stats = (*sync)->PushDue(now);
  if (!stats) return Report(stats.error());
  fmt::print("share push: {} queued; {} created, {} updated, {} to retry, {} refused\n", *queued,
             stats->created, stats->edited, stats->deferred, stats->failed);
  return stats->failed || stats->deferred ? kExitFailure : kExitOk;
}

int ShowStatus(const ShareCli&, Services& s) {
  if (Status db = s.RequireDatabase(); !db) return Report(db.error());
  auto pushes = PushStore(s);
  if (!pushes) return Report(pushes.error());
  auto list = (*pushes)->ListMispPushes();
  if (!list) return Report(list.error());
  auto when = [](int64_t t) { return t ? FormatIsoUtc(t * 1000000) : std::string(); };
  for (const auto& p : *list) {
    if (s.common().json) {
      fmt::print("{}\n", JsonObject()
                             .Int("ticket", p.ticket)
                             .Str("event_uuid", p.event_uuid)
                             .Str("state", p.state)
                             .Int("attempts", p.attempts)
                             .StrOrNull("next_attempt", p.state == "pending" ? when(p.next_attempt) : "")
                             .StrOrNull("pushed_at", when(p.pushed_at))
                             .StrOrNull("remote_id", p.remote_id)
                             .StrOrNull("last_error", p.last_error)
                             .Done());
    } else {
      fmt::print("#{:<6} {:<8} {} {}{}\n", p.ticket, p.state, p.event_uuid,
                 p.pushed_at ? "pushed " + when(p.pushed_at) : std::string("never pushed"),
                 p.last_error.empty() ? "" : " - " + p.last_error);
    }
  }
  return kExitOk;
}

}  // namespace

void SyncMisp(Services& s) {
  if (!s.config().share.misp.enabled()) return;
  auto sync = OpenSync(s);
  if (!sync) {
    spdlog::error("misp sync: {}", sync.error().message());
    return;
  }
  auto stats = (*sync)->Run(s.clock().NowSeconds());
  if (!stats) {
    spdlog::error("misp sync: {}", stats.error().message());
    return;
  }
  if (stats->created || stats->edited || stats->deferred || stats->failed)
    spdlog::info("misp sync: {} created, {} updated, {} to retry, {} refused", stats->created,
                 stats->edited, stats->deferred, stats->failed);
}

void AddShareCommands(CLI::App* app, Common* common, ShareCli* cli) {
  cli->export_cmd = app->add_subcommand(
      "export", "events for a peer team or an abuse desk as MISP, STIX 2.1, IODEF v2 or "
                "X-ARF v4, TLP enforced for --for");
  cli->export_cmd->add_option("FORMAT", cli->format, "misp, stix, iodef or xarf")->required()->check(
      CLI::IsMember({"misp", "stix", "iodef", "xarf"}));
  cli->export_cmd->add_option("--db", common->db, "SQLite database file");
  cli->export_cmd->add_option("--ticket", cli->ticket,
                              "the evidence of this ticket (and of the reports linked to it); "
                              "its TLP applies to every event");
  AddEventFilterOptions(cli->export_cmd, &cli->filters, &cli->query);
  cli->export_cmd->add_option("--for", cli->recipient,
                              "who receives it: public, community (default), peer:NAME, "
                              "org:HANDLE, named:NAME, or a team or organisation by name");
  cli->export_cmd->add_option("--info", cli->info, "the document's title");
  cli->export_cmd->add_flag("--objects", cli->objects,
                            "misp: MISP objects where MISP has them (ip-port, file, url)");
  cli->export_cmd->add_option("--out", cli->out, "write here instead of stdout");

  cli->share_cmd = app->add_subcommand("share", "a MISP instance kept in sync ([share.misp])");
  cli->share_cmd->require_subcommand(1);
  cli->push_cmd = cli->share_cmd->add_subcommand(
      "push", "push the incidents tagged for the sync whose evidence changed (belfry run does "
              "it on each tick)");
  cli->push_cmd->add_option("--ticket", cli->ticket, "this incident only (tagged or not)");
  cli->push_cmd->add_option("--db", common->db, "SQLite database file");
  cli->status_cmd = cli->share_cmd->add_subcommand("status", "what was pushed, what waits, what was refused");
  cli->status_cmd->add_flag("--json", common->json, "JSON lines");
  cli->status_cmd->add_option("--db", common->db, "SQLite database file");
}

std::optional<int> RunShareCommand(const ShareCli& cli, Services& services) {
  if (cli.push_cmd && cli.push_cmd->parsed()) return Push(cli, services);
  if (cli.status_cmd && cli.status_cmd->parsed()) return ShowStatus(cli, services);
  if (!cli.export_cmd || !cli.export_cmd->parsed()) return std::nullopt;
  return Export(cli, services);
}

}  // namespace belfry
