#include "app/share_commands.h"

#include <fmt/format.h>

#include <cstdio>
#include <functional>
#include <memory>

#include "app/event_query_commands.h"
#include "app/services.h"
#include "core/date_time.h"
#include "model/field_registry.h"
#include "share/misp_writer.h"
#include "share/tlp_policy.h"
#include "share/xarf_report.h"

namespace belfry {

namespace {

struct FileCloser {
  void operator()(FILE* f) const {
    if (f && f != stdout) std::fclose(f);
  }
};

// The events of the query the recipient may have, one at a time; the others counted.
Status ForEachShareable(const ShareCli& cli, Services& s, const Recipient& to,
                        const std::function<void(const FoundEvent&)>& fn, uint64_t* withheld) {
  EventQuery q = cli.query;
  const EventFilterOptions& f = cli.filters;
  if (f.asn) q.asn = f.asn;
  BELFRY_RETURN_IF_ERROR(ApplyEventFilters(f.ip, f.cidr, f.since, f.until, &q));
  q.limit = SIZE_MAX;  // every match, streamed
  q.unordered = true;
  q.text = false;  // the decoded event is enough: no JSON text per event
  BELFRY_RETURN_IF_ERROR(s.RequireDatabase());
  auto store = s.event_reader();
  if (!store) return Fail(store.error());
  std::vector<DamagedEvent> damaged;
  BELFRY_RETURN_IF_ERROR((*store)->Scan(q, [&](FoundEvent& fe) -> Status {
    Tlp tlp = Tlp::kAmber;  // unlabelled: IntelMQ's default
    if (auto t = fe.event.Get(fields::kTlp)) tlp = ParseTlp(*t).value_or(Tlp::kRed);
    if (!MayShare(tlp, to, fe.route ? fe.route->org : "").allowed) {
      ++*withheld;
      return Ok();
    }
    fn(fe);
    return Ok();
  }, &damaged));
  for (const auto& d : damaged)
    fmt::print(stderr, "belfry: event {} (segment {}, row {}) cannot be read: {}\n", d.id,
               d.segment, d.row, d.reason);
  return Ok();
}

// One X-ARF v4 report per event, one per line (JSON lines), for ISPs' abuse desks.
int ExportXarf(const ShareCli& cli, Services& s, const Recipient& to, FILE* f) {
  const auto& mail = s.config().tickets.mail;
  XarfReporter reporter{s.config().team.name, mail.from,
                        mail.from.substr(mail.from.rfind('@') + 1)};
  const int64_t now = s.clock().NowSeconds();
  uint64_t shared = 0, withheld = 0;
  Status st = ForEachShareable(cli, s, to, [&](const FoundEvent& fe) {
    std::string line = XarfReport(fe.event, reporter, NewUuid(), now);
    line.push_back('\n');
    std::fwrite(line.data(), 1, line.size(), f);
    ++shared;
  }, &withheld);
  if (!st) return Report(st.error());
  if (std::fflush(f) != 0) return Report(Error::Io(fmt::format("cannot write {}", cli.out)));
  fmt::print(stderr, "export xarf: {} report(s) for {}; {} withheld by TLP\n", shared,
             RecipientName(to), withheld);
  return kExitOk;
}

int ExportMisp(const ShareCli& cli, Services& s, const Recipient& to, FILE* f) {
  const int64_t now = s.clock().NowSeconds();
  const auto& team = s.config().team;
  MispEventHeader h;
  h.info = cli.info.empty() ? fmt::format("{}: events shared with {}", team.name, RecipientName(to))
                            : cli.info;
  h.uuid = NameUuid(fmt::format("belfry-export:{}:{}:{}", team.website, h.info, now));
  h.date = FormatIsoUtc(now * 1000000).substr(0, 10);
  h.timestamp = now;
  h.org_name = team.name;
  h.org_uuid = NameUuid("belfry-team:" + team.website);
  h.distribution = to.kind == RecipientKind::kPublic ? 3 : to.kind == RecipientKind::kCommunity ? 1 : 0;
  MispEventWriter w(h, [f](std::string_view b) { std::fwrite(b.data(), 1, b.size(), f); });
  w.Begin();
  uint64_t shared = 0, withheld = 0;
  Status st = ForEachShareable(cli, s, to, [&](const FoundEvent& fe) {
    w.Add(fe.event, fe.id);
    ++shared;
  }, &withheld);
  if (!st) return Report(st.error());
  w.Finish();
  if (std::fflush(f) != 0) return Report(Error::Io(fmt::format("cannot write {}", cli.out)));
  fmt::print(stderr, "export misp: {} event(s), {} attribute(s) for {}; {} withheld by TLP\n",
             shared, w.attributes(), RecipientName(to), withheld);
  return kExitOk;
}

int Export(const ShareCli& cli, Services& s) {
  auto to = ParseRecipient(cli.recipient);
  if (!to)
    return Report(Error::InvalidConfig(
        "--for: public, community, peer:NAME, org:HANDLE or named:NAME"));
  if (Status db = s.RequireDatabase(); !db) return Report(db.error());
  std::unique_ptr<FILE, FileCloser> out(cli.out.empty() ? stdout : std::fopen(cli.out.c_str(), "wb"));
  if (!out) return Report(Error::Io(fmt::format("cannot write {}", cli.out)));
  return cli.format == "xarf" ? ExportXarf(cli, s, *to, out.get())
                              : ExportMisp(cli, s, *to, out.get());
}

}  // namespace

void AddShareCommands(CLI::App* app, Common* common, ShareCli* cli) {
  cli->export_cmd = app->add_subcommand("export", "events for a peer team or an abuse desk: misp, "
                                                  "xarf (stix and iodef to come), TLP enforced "
                                                  "for --for");
  cli->export_cmd->add_option("FORMAT", cli->format, "misp or xarf")->required()->check(
      CLI::IsMember({"misp", "xarf"}));
  cli->export_cmd->add_option("--db", common->db, "SQLite database file");
  AddEventFilterOptions(cli->export_cmd, &cli->filters, &cli->query);
  cli->export_cmd->add_option("--for", cli->recipient,
                              "who receives it: public, community (default), peer:NAME, "
                              "org:HANDLE, named:NAME");
  cli->export_cmd->add_option("--info", cli->info, "the MISP event's title");
  cli->export_cmd->add_option("--out", cli->out, "write here instead of stdout");
}

std::optional<int> RunShareCommand(const ShareCli& cli, Services& services) {
  if (!cli.export_cmd || !cli.export_cmd->parsed()) return std::nullopt;
  return Export(cli, services);
}

}  // namespace belfry
