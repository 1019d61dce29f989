#include "app/share_commands.h"

#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "app/event_query_commands.h"
#include "app/services.h"
#include "core/date_time.h"
#include "model/field_registry.h"
#include "share/misp_writer.h"
#include "share/tlp_policy.h"

namespace belfry {

namespace {

struct FileCloser {
  void operator()(FILE* f) const {
    if (f && f != stdout) std::fclose(f);
  }
};

int ExportMisp(const ShareCli& cli, Services& s) {
  auto to = ParseRecipient(cli.recipient);
  if (!to)
    return Report(Error::InvalidConfig(
        "--for: public, community, peer:NAME, org:HANDLE or named:NAME"));
  EventQuery q = cli.query;
  if (cli.asn) q.asn = cli.asn;
  if (Status st = ApplyEventFilters(cli.ip, cli.cidr, cli.since, cli.until, &q); !st)
    return Report(st.error());
  q.limit = SIZE_MAX;  // every match, streamed
  q.unordered = true;
  if (Status db = s.RequireDatabase(); !db) return Report(db.error());
  auto store = s.event_reader();
  if (!store) return Report(store.error());
  std::unique_ptr<FILE, FileCloser> out(cli.out.empty() ? stdout : std::fopen(cli.out.c_str(), "wb"));
  if (!out) return Report(Error::Io(fmt::format("cannot write {}", cli.out)));
  const int64_t now = s.clock().NowSeconds();
  const auto& team = s.config().team;
  MispEventHeader h;
  h.info = cli.info.empty() ? fmt::format("{}: events shared with {}", team.name, RecipientName(*to))
                            : cli.info;
  h.uuid = NameUuid(fmt::format("belfry-export:{}:{}:{}", team.website, h.info, now));
  h.date = FormatIsoUtc(now * 1000000).substr(0, 10);
  h.timestamp = now;
  h.org_name = team.name;
  h.org_uuid = NameUuid("belfry-team:" + team.website);
  h.distribution = to->kind == RecipientKind::kPublic ? 3 : to->kind == RecipientKind::kCommunity ? 1 : 0;
  FILE* f = out.get();
  MispEventWriter w(h, [f](std::string_view b) { std::fwrite(b.data(), 1, b.size(), f); });
  w.Begin();
  uint64_t shared = 0, withheld = 0;
  std::vector<DamagedEvent> damaged;
  Status st = (*store)->Scan(q, [&](FoundEvent& fe) -> Status {
    Tlp tlp = Tlp::kAmber;
    if (auto t = fe.event.Get(fields::kTlp)) tlp = ParseTlp(*t).value_or(Tlp::kRed);
    const std::string concerns = fe.route ? fe.route->org : "";
    if (!MayShare(tlp, *to, concerns).allowed) {
      ++withheld;
      return Ok();
    }
    w.Add(fe.event, fe.id);
    ++shared;
    return Ok();
  }, &damaged);
  if (!st) return Report(st.error());
  w.Finish();
  if (std::fflush(f) != 0) return Report(Error::Io(fmt::format("cannot write {}", cli.out)));
  for (const auto& d : damaged)
    fmt::print(stderr, "belfry: event {} (segment {}, row {}) cannot be read: {}\n", d.id,
               d.segment, d.row, d.reason);
  fmt::print(stderr, "export misp: {} event(s), {} attribute(s) for {}; {} withheld by TLP\n",
             shared, w.attributes(), RecipientName(*to), withheld);
  return kExitOk;
}

}  // namespace

void AddShareCommands(CLI::App* app, Common* common, ShareCli* cli) {
  cli->export_cmd = app->add_subcommand("export", "events for a peer team: misp (stix, iodef, "
                                                  "xarf to come), TLP enforced for --for");
  cli->export_cmd->add_option("FORMAT", cli->format, "misp")->required()->check(
      CLI::IsMember({"misp"}));
  cli->export_cmd->add_option("--db", common->db, "SQLite database file");
  cli->export_cmd->add_option("--ip", cli->ip, "source.ip equals");
  cli->export_cmd->add_option("--cidr", cli->cidr, "source.ip within (e.g. 192.0.2.0/24)");
  cli->export_cmd->add_option("--asn", cli->asn, "source.asn equals");
  cli->export_cmd->add_option("--type", cli->query.type, "classification.type equals");
  cli->export_cmd->add_option("--feed", cli->query.feed, "feed.name equals");
  cli->export_cmd->add_option("--since", cli->since, "time.source at or after (ISO 8601, or 7d)");
  cli->export_cmd->add_option("--until", cli->until, "time.source before (ISO 8601)");
  cli->export_cmd->add_option("--for", cli->recipient,
                              "who receives it: public, community (default), peer:NAME, "
                              "org:HANDLE, named:NAME");
  cli->export_cmd->add_option("--info", cli->info, "the MISP event's title");
  cli->export_cmd->add_option("--out", cli->out, "write here instead of stdout");
}

std::optional<int> RunShareCommand(const ShareCli& cli, Services& services) {
  if (!cli.export_cmd || !cli.export_cmd->parsed()) return std::nullopt;
  return ExportMisp(cli, services);
}

}  // namespace belfry
