#include "app/import_commands.h"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <map>

#include "app/ingest_context.h"
#include "app/services.h"
#include "app/ticket_output.h"
#include "collect/http_client.h"
#include "core/date_time.h"
#include "model/field_registry.h"
#include "share/xarf_report.h"

namespace belfry {

namespace fs = std::filesystem;

namespace {

bool IsUrl(const std::string& s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

// A URL's document, spooled beside the database (removed by the caller).
Result<std::string> Download(const std::string& url, const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  const std::string path = (fs::path(dir) / ("import-" + NewUuid() + ".json")).string();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return Fail(Error::Io(fmt::format("cannot write {}", path)));
  HttpRequest req;
  req.url = url;
  req.headers = {"Accept: application/json"};
  auto resp = HttpFetch(req, [f](std::string_view b) -> Status {
    if (std::fwrite(b.data(), 1, b.size(), f) != b.size()) return Fail(Error::Io("disk write"));
    return Ok();
  });
  const bool closed = std::fclose(f) == 0;
  if (!resp || !closed || resp->status != 200) {
    fs::remove(path, ec);
    if (!resp) return Fail(resp.error());
    if (!closed) return Fail(Error::Io(fmt::format("cannot write {}", path)));
    return Fail(HttpStatusError(RedactUrl(url), resp->status));
  }
  return path;
}

// What the imported events say about themselves: the peer, the title, the labels.
struct Imported {
  std::vector<int64_t> ids;
  std::string title, peer, type;
  Tlp tlp = Tlp::kClear;
  bool any_tlp = false;
};

Result<Imported> NewEvents(EventStore& events, int64_t above) {
  Imported out;
  EventQuery q;
  q.above_id = above;
  q.limit = SIZE_MAX;
  q.unordered = true;
  q.text = false;
  std::map<std::string, int> types;
  BELFRY_RETURN_IF_ERROR(events.Scan(q, [&](FoundEvent& f) -> Status {
    out.ids.push_back(f.id);
    if (out.peer.empty()) {
      if (auto orgc = f.event.GetExtra("misp_orgc")) {  // a MISP event: its info is the title
        out.peer = std::string(orgc->value);
        out.title = f.event.Get(fields::kEventDescriptionText).value_or("");
      } else if (auto creator = f.event.GetExtra("stix_creator")) {
        out.peer = std::string(creator->value);
      }
    }
    ++types[std::string(f.event.Get(fields::kClassificationType).value_or("undetermined"))];
    if (auto t = f.event.Get(fields::kTlp))
      if (auto tlp = ParseTlp(*t); tlp && (!out.any_tlp || *tlp > out.tlp)) out.tlp = *tlp, out.any_tlp = true;
    return Ok();
  }));
  int best = 0;
  for (const auto& [type, n] : types)
    if (n > best) best = n, out.type = type;
  return out;
}

int Import(const ImportCli& cli, Services& s) {
  std::optional<Tlp> tlp;
  if (!cli.tlp.empty()) {
    tlp = ParseTlp(cli.tlp);
    if (!tlp) return Report(Error::InvalidConfig("--tlp: CLEAR, GREEN, AMBER, AMBER+STRICT or RED"));
  }
  auto ctx = s.ingest();  // creates the database, as an ingest does
  if (!ctx) return Report(ctx.error());
  auto events = s.events();
  if (!events) return Report(events.error());
  auto before = (*events)->Stats();
  if (!before) return Report(before.error());

  std::string path = cli.source, spooled;
  if (IsUrl(cli.source)) {
    auto got = Download(cli.source, (fs::path(s.data_dir()) / "spool").string());
    if (!got) return Report(got.error());
    path = spooled = *got;
  } else if (!fs::is_regular_file(cli.source)) {
    return Report(Error::NotFound(fmt::format("{}: no such file", cli.source)));
  }
  IngestJob job;
  job.feed = cli.feed.empty() ? cli.format : cli.feed;
  job.files = {path};
  job.file_names = {IsUrl(cli.source) ? cli.source.substr(cli.source.rfind('/') + 1)
                                      : fs::path(cli.source).filename().string()};
  job.tlp = tlp;
  auto run = (*ctx)->Run(job);
  if (!spooled.empty()) {
    std::error_code ec;
    fs::remove(spooled, ec);
  }
  if (!run) return Report(run.error());
  for (const auto& e : run->file_errors) fmt::print(stderr, "belfry: {}\n", e);
  auto found = NewEvents(**events, before->last_id);
  if (!found) return Report(found.error());
  fmt::print("import {}: {} event(s) stored, {} duplicate(s), {} rejected{}\n", cli.format,
             run->stored, run->duplicates, run->rejected,
             run->rejected ? fmt::format(" (in {})", (*ctx)->DeadLetterPath(job)) : "");
  if (cli.no_ticket || found->ids.empty()) return run->file_errors.empty() ? kExitOk : kExitFailure;

  auto tracker = s.tracker();
  if (!tracker) return Report(tracker.error());
  int64_t ticket = cli.ticket;
  if (ticket == 0) {
    Ticket draft;
    draft.queue = Queue::kReports;
    std::string from = found->peer.empty() ? (cli.format == "misp" ? "a MISP event" : "a STIX bundle")
                                           : found->peer;
    draft.subject = !cli.subject.empty() ? cli.subject
                    : !found->title.empty() ? fmt::format("Shared by {}: {}", from, found->title)
                    : cli.format == "stix"  ? fmt::format("Shared by {}: {}", from, job.file_names[0])
                                            : fmt::format("Shared by {}", from);
    if (draft.subject.size() > 200) draft.subject.resize(200);
    draft.classification = found->type == "undetermined" ? "" : found->type;
    // The reporter's label binds everything derived from the report.
    draft.tlp = std::string(TlpName(found->any_tlp ? found->tlp : tlp.value_or(Tlp::kAmber)));
    TicketMessage m;
    m.direction = MessageDirection::kInbound;
    m.subject = draft.subject;
    m.actor = Actor();
    m.body = fmt::format("Imported from {} ({}): {} event(s).", cli.source, cli.format,
                         found->ids.size());
    auto created = (*tracker)->Create(draft, Actor(), &m);
    if (!created) return Report(created.error());
    ticket = created->id;
  }
  Status st = (*tracker)->Transaction([&]() -> Status {
    BELFRY_RETURN_IF_ERROR((*tracker)->store()->LinkEvents(ticket, found->ids));
    return (*tracker)->HistoryLocked(ticket, Actor(), "link-events", "events", "",
                                     fmt::format("{} event(s) imported from {}", found->ids.size(),
                                                 cli.format));
  });
  if (!st) return Report(st.error());
  fmt::print("import {}: {} event(s) linked to ticket #{}\n", cli.format, found->ids.size(), ticket);
  return run->file_errors.empty() ? kExitOk : kExitFailure;
}

}  // namespace

void AddImportCommands(CLI::App* app, Common* common, ImportCli* cli) {
  cli->cmd = app->add_subcommand("import", "a peer's MISP event or STIX 2.1 bundle (file or URL) "
                                           "into events, linked to an incident report");
  cli->cmd->add_option("FORMAT", cli->format, "misp or stix")->required()->check(
      CLI::IsMember({"misp", "stix"}));
  cli->cmd->add_option("SOURCE", cli->source, "a file, or an http(s) URL")->required();
  cli->cmd->add_option("--db", common->db, "SQLite database file");
  cli->cmd->add_option("--feed", cli->feed,
                       "a configured feed to take provider, accuracy and TLP from (its parser "
                       "must be misp or stix)");
  cli->cmd->add_option("--tlp", cli->tlp, "the label of what carries none (default AMBER)");
  cli->cmd->add_option("--subject", cli->subject, "the incident report's subject");
  cli->cmd->add_option("--ticket", cli->ticket, "link the events to this ticket instead");
  cli->cmd->add_flag("--no-ticket", cli->no_ticket, "store the events only");
}

std::optional<int> RunImportCommand(const ImportCli& cli, Services& services) {
  if (!cli.cmd || !cli.cmd->parsed()) return std::nullopt;
  return Import(cli, services);
}

}  // namespace belfry
