#include "app/share_commands.h"

#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "app/event_query_commands.h"
#include "app/services.h"
#include "app/ticket_output.h"
#include "share/share_export.h"

namespace belfry {

namespace {

struct FileCloser {
  void operator()(FILE* f) const {
    if (f && f != stdout) std::fclose(f);
  }
};

int Export(const ShareCli& cli, Services& s) {
  auto to = ParseRecipient(cli.recipient);
  if (!to)
    return Report(Error::InvalidConfig(
        "--for: public, community, peer:NAME, org:HANDLE or named:NAME"));
  ShareRequest r;
  r.format = cli.format;
  r.to = *to;
  r.ticket = cli.ticket;
  r.info = cli.info;
  r.actor = Actor();
  r.query = cli.query;
  const EventFilterOptions& f = cli.filters;
  if (f.asn) r.query.asn = f.asn;
  if (Status st = ApplyEventFilters(f.ip, f.cidr, f.since, f.until, &r.query); !st)
    return Report(st.error());
  if (Status db = s.RequireDatabase(); !db) return Report(db.error());
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
             cli.format == "misp"    ? "attribute(s)"
             : cli.format == "stix"  ? "indicator(s)"
             : cli.format == "iodef" ? "incident(s)"
                                     : "report(s)",
             RecipientName(*to), done->withheld);
  if (done->skipped) fmt::print(stderr, "; {} without an observable", done->skipped);
  fmt::print(stderr, "\n");
  return kExitOk;
}

}  // namespace

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
                              "org:HANDLE, named:NAME");
  cli->export_cmd->add_option("--info", cli->info, "the document's title");
  cli->export_cmd->add_option("--out", cli->out, "write here instead of stdout");
}

std::optional<int> RunShareCommand(const ShareCli& cli, Services& services) {
  if (!cli.export_cmd || !cli.export_cmd->parsed()) return std::nullopt;
  return Export(cli, services);
}

}  // namespace belfry
