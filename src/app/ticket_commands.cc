#include "app/ticket_commands.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/mail_commands.h"
#include "app/services.h"
#include "app/ticket_output.h"
#include "app/ticket_views.h"
#include "core/date_time.h"
#include "core/digest.h"
#include "core/json_object.h"
#include "model/ip_address.h"
#include "model/taxonomy.h"
#include "model/tlp.h"

#include <set>

namespace belfry {
namespace {

namespace fs = std::filesystem;

void PrintRow(const Ticket& t, const TicketConfig& cfg, int64_t now) {
  std::string due = t.due ? Time(t.due).substr(0, 16) : "-";
  fmt::print("{:>7}  {:<15} {:<19} {:<9} {:<12} {:<17} {}{}\n", t.id, QueueName(t.queue), t.status,
             t.severity ? SeverityName(t.severity, cfg.severity_labels) : "-",
             t.organisation.empty() ? "-" : t.organisation.substr(0, 12), due,
             Overdue(t, now) ? "OVERDUE " : "", t.subject);
}

Result<std::string> ReadText(const TicketCli& cli) {
  if (!cli.text.empty()) return cli.text;
  if (cli.text_file.empty()) return std::string();
  std::stringstream ss;
  if (cli.text_file == "-") {
    ss << std::cin.rdbuf();
  } else {
    std::ifstream in(cli.text_file, std::ios::binary);
    if (!in) return Fail(Error::Io(fmt::format("cannot read {}", cli.text_file)));
    ss << in.rdbuf();
  }
  return ss.str();
}

int New(const TicketCli& cli, Services& s) {
  auto tracker = s.tracker();
  if (!tracker) return Report(tracker.error());
  auto mailer = s.mailer();
  if (!mailer) return Report(mailer.error());
  auto q = ParseQueue(cli.queue);
  if (!q) return Report(Error::InvalidInput(fmt::format("unknown queue '{}' (reports, incidents, investigations, countermeasures)", cli.queue)));
  if (cli.subject.empty()) return Report(Error::InvalidInput("a ticket needs --subject"));
  auto text = ReadText(cli);
  if (!text) return Report(text.error());
  Ticket draft;
  draft.queue = *q;
  draft.subject = cli.subject;
  draft.requestors = cli.requestors;
  draft.owner = cli.owner;
  draft.organisation = cli.organisation;
  draft.classification = cli.classification;
  draft.severity = cli.severity;
  if (!cli.tlp.empty()) draft.tlp = cli.tlp; else draft.tlp.clear();
  draft.tags = cli.tags;
  draft.national = cli.national;
  if (cli.nis2) {
    draft.tags.push_back("nis2");
    int64_t now = (*tracker)->now();
    draft.nis2.aware = now;
    if (!cli.nis2_aware.empty()) {
      auto t = ParseDateTimeMicros(cli.nis2_aware);
      if (!t) return Report(Error::InvalidInput("--nis2-aware: not a date-time"));
      draft.nis2.aware = *t / 1000000;
    }
    draft.nis2.early_warning = now;
  }
  if (draft.severity < 0 || draft.severity > 4) return Report(Error::InvalidInput("--severity must be 1 to 4"));
  if (draft.queue == Queue::kCountermeasures && !cli.incident)
    return Report(Error::InvalidInput("a countermeasure belongs to an incident: give --incident ID"));
  if (!draft.classification.empty() && !Taxonomy::CanonicalType(draft.classification))
    return Report(Error::InvalidInput(fmt::format("'{}' is not an RSIT classification type", draft.classification)));
  if (!draft.tlp.empty() && !ParseTlp(draft.tlp)) return Report(Error::InvalidInput("--tlp: not a TLP 2.0 label"));
  TicketMessage m;
  bool with_message = !text->empty();
  if (with_message) {
    m.direction = MessageDirection::kInbound;
    m.subject = cli.subject;
    m.body = *text;
    m.from = cli.requestors.empty() ? "" : cli.requestors.front();
    m.actor = Actor();
  }
  for (const auto& f : cli.files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) return Report(Error::Io(fmt::format("cannot read {}", f)));
    std::stringstream ss;
    ss << in.rdbuf();
    with_message = true;
    m.direction = MessageDirection::kInbound;
    m.subject = cli.subject;
    m.attachments.push_back({0, fs::path(f).filename().string(), "text/plain", ss.str()});
  }
  Ticket created;
  Status st = (*tracker)->Transaction([&]() -> Status {
    auto t = (*tracker)->CreateLocked(draft, Actor(), with_message ? &m : nullptr, 0);
    if (!t) return Fail(t.error());
    created = *t;
    if (cli.incident) {
      auto incident = (*tracker)->Get(cli.incident);
      if (!incident) return Fail(incident.error());
      BELFRY_RETURN_IF_ERROR((*tracker)->LinkLocked(&*incident, &created, Actor()));
    }
    if (!t->escalated_to.empty()) {
      auto paged = (*mailer)->PageOnDutyLocked(&created);
      if (!paged) return Fail(paged.error());
    }
    return Ok();
  });
  if (!st) return Report(st.error());
  const auto& cfg = s.config().tickets;
  if (s.common().json) {
    fmt::print("{}\n", TicketJson(created, cfg, (*tracker)->now()));
  } else {
    fmt::print("{} created in {}: {} (severity {}{})\n", Tag(cfg, created.id), QueueTitle(created.queue),
               created.subject, created.severity ? SeverityName(created.severity, cfg.severity_labels) : "-",
               created.severity_reason.empty() ? "" : ", " + created.severity_reason);
    if (!created.escalated_to.empty())
      fmt::print("critical outside business hours: on-duty contact {} paged\n", created.escalated_to);
  }
  if (cli.national && !s.common().json) {
    if (created.sector.empty())
      fmt::print("national incident: give --organisation to know the sector to inform\n");
    else
      fmt::print("national incident: organisations of sector {} to inform:\n", created.sector);
    for (const auto& [handle, name] : SectorOrganisations(s, created))
      fmt::print("  {}  {}\n", handle, name);
  }
  if (!created.escalated_to.empty()) return DeliverOutboxNow(s);
  return kExitOk;
}

int List(const TicketCli& cli, Services& s) {
  auto store = s.tickets();
  if (!store) return Report(store.error());
  TicketFilter f;
  if (!cli.list_queue.empty() && cli.list_queue != "all") {
    auto q = ParseQueue(cli.list_queue);
    if (!q) return Report(Error::InvalidInput(fmt::format("unknown queue '{}'", cli.list_queue)));
    f.queue = *q;
  }
  f.status = cli.status;
  f.overdue = cli.overdue;
  f.active_only = !cli.all && cli.status.empty();
  f.now = s.clock().NowSeconds();
  if (cli.mine) f.owner = Actor();
  if (!cli.owner.empty()) f.owner = cli.owner;
  f.organisation = cli.organisation;
  f.before_id = cli.before;
  f.limit = cli.limit;
  auto rows = (*store)->ListTickets(f);
  if (!rows) return Report(rows.error());
  if (!cli.list_ip.empty()) {
    // Tickets holding an address or network that overlaps it (RT's IP range search), then
    // the other filters on those.
    auto net = IpNetwork::Parse(cli.list_ip);
    if (!net) return Report(Error::InvalidInput(fmt::format("--ip: {}", net.error().message())));
    auto ids = (*store)->TicketsWithAddress(std::string(net->first().Key()),
                                            std::string(net->last().Key()), 100000);
    if (!ids) return Report(ids.error());
    auto tracker = s.tracker();
    if (!tracker) return Report(tracker.error());
    std::set<int64_t> seen;
    std::vector<Ticket> kept;
    for (int64_t id : *ids) {
      auto t = (*tracker)->Get(id);
      if (!t || !seen.insert(t->id).second) continue;
      if (f.queue && t->queue != *f.queue) continue;
      if (!f.status.empty() && t->status != f.status) continue;
      if (f.active_only && !t->active()) continue;
      if (f.overdue && !Overdue(*t, f.now)) continue;
      if (!f.owner.empty() && t->owner != f.owner) continue;
      if (!f.organisation.empty() && t->organisation != f.organisation) continue;
      if (f.before_id && t->id >= f.before_id) continue;
      kept.push_back(std::move(*t));
    }
    std::sort(kept.begin(), kept.end(), [](const Ticket& x, const Ticket& y) { return x.id > y.id; });
    if (kept.size() > f.limit) kept.resize(f.limit);
    *rows = std::move(kept);
  }
  const auto& cfg = s.config().tickets;
  if (s.common().json) {
    for (const auto& t : *rows) fmt::print("{}\n", TicketJson(t, cfg, f.now));
    return kExitOk;
  }
  fmt::print("{:>7}  {:<15} {:<19} {:<9} {:<12} {:<17} {}\n", "id", "queue", "status", "severity",
             "organisation", "due (UTC)", "subject");
  for (const auto& t : *rows) PrintRow(t, cfg, f.now);
  if (rows->size() == f.limit)
    fmt::print("(more: --before {})\n", rows->back().id);
  return kExitOk;
}

}  // namespace

void AddTicketCommands(CLI::App* app, Common* common, TicketCli* cli) {
  auto* ticket = app->add_subcommand("ticket", "the incident tracker: reports, incidents, investigations, countermeasures");
  ticket->require_subcommand(1);
  auto common_opts = [&](CLI::App* c) {
    c->add_option("--db", common->db, "SQLite database file");
    c->add_flag("--json", common->json, "JSON output");
    c->add_option("--smtp", common->smtp, "SMTP server URL (smtp://user:pass@host:port); else [mail] smtp_url, else the outbox Maildir");
  };
  cli->create = ticket->add_subcommand("new", "open a ticket");
  cli->create->add_option("--queue", cli->queue, "reports (default), incidents, investigations, countermeasures");
  cli->create->add_option("--subject", cli->subject, "subject")->required();
  cli->create->add_option("--requestor", cli->requestors, "correspondent's e-mail address (repeatable)");
  cli->create->add_option("--text", cli->text, "the report's text");
  cli->create->add_option("--file", cli->text_file, "read the report's text from FILE (- = stdin)");
  cli->create->add_option("--attach", cli->files, "attach FILE (repeatable)");
  cli->create->add_option("--classification", cli->classification, "RSIT type, e.g. system-compromise");
  cli->create->add_option("--severity", cli->severity, "1 critical .. 4 low (default: triage proposes)");
  cli->create->add_option("--tlp", cli->tlp, "TLP 2.0 label (default [tickets] default_tlp)");
  cli->create->add_option("--organisation", cli->organisation, "constituency organisation handle");
  cli->create->add_option("--owner", cli->owner, "owner");
  cli->create->add_option("--incident", cli->incident, "link it to this incident (required for a countermeasure)");
  cli->create->add_option("--tag", cli->tags, "tag (repeatable)");
  cli->create->add_flag("--national", cli->national, "national incident: list the sector's organisations to inform");
  cli->create->add_flag("--nis2", cli->nis2, "a NIS2 early warning: start the legal clock");
  cli->create->add_option("--nis2-aware", cli->nis2_aware, "when the entity became aware (default now)");
  common_opts(cli->create);

  cli->list = ticket->add_subcommand("list", "list tickets, newest first (active ones unless --status/--all)");
  cli->list->add_option("--queue", cli->list_queue, "reports, incidents, investigations, countermeasures, all (default)");
  cli->list->add_option("--status", cli->status, "only this status");
  cli->list->add_flag("--overdue", cli->overdue, "only active tickets past a due time");
  cli->list->add_flag("--mine", cli->mine, "only tickets owned by $BELFRY_USER / $USER");
  cli->list->add_option("--owner", cli->owner, "only this owner");
  cli->list->add_option("--organisation", cli->organisation, "only this organisation");
  cli->list->add_flag("--all", cli->all, "ended tickets too");
  cli->list->add_option("--limit", cli->limit, "at most N (default 50)")->check(CLI::Range(1, 100000));
  cli->list->add_option("--before", cli->before, "ids below this one (the next page)");
  cli->list->add_option("--ip", cli->list_ip, "only tickets with an observable in this address or network");
  common_opts(cli->list);

  cli->show = ticket->add_subcommand("show", "a ticket with its links, correspondence and history");
  cli->show->add_option("id", cli->ids)->required()->expected(1);
  common_opts(cli->show);

  cli->set = ticket->add_subcommand("set", "change one field (bulk: several ids)");
  cli->set->add_option("field", cli->field, "status, subject, owner, organisation, classification, severity, tlp, due, requestors (+a/-a), tags (+t/-t), national, nis2-*")->required();
  cli->set->add_option("value", cli->value)->required();
  cli->set->add_option("ids", cli->ids)->required();
  cli->set->add_option("--reason", cli->reason,
                       "why (kept in the history; required to lower the TLP)");
  common_opts(cli->set);

  cli->link = ticket->add_subcommand("link", "link reports, investigations, countermeasures to an incident");
  cli->link->add_option("ids", cli->ids, "INCIDENT CHILD...")->required()->expected(2, 1000);
  common_opts(cli->link);
  cli->unlink = ticket->add_subcommand("unlink", "remove a link");
  cli->unlink->add_option("ids", cli->ids, "INCIDENT CHILD")->required()->expected(2);
  common_opts(cli->unlink);
  cli->merge = ticket->add_subcommand("merge", "merge FROM... into INTO (reversible: see unmerge)");
  cli->merge->add_option("ids", cli->ids, "FROM... INTO")->required()->expected(2, 1000);
  common_opts(cli->merge);
  cli->unmerge = ticket->add_subcommand("unmerge", "undo a merge: the ticket is on its own again");
  cli->unmerge->add_option("ids", cli->ids)->required()->expected(1, 1000);
  common_opts(cli->unmerge);
  cli->comment = ticket->add_subcommand("comment", "an internal comment (never mailed)");
  cli->comment->add_option("ids", cli->ids)->required()->expected(1, 1000);
  cli->comment->add_option("--text", cli->text, "the comment");
  cli->comment->add_option("--file", cli->text_file, "read it from FILE (- = stdin)");
  common_opts(cli->comment);
  cli->reply = ticket->add_subcommand("reply", "mail the ticket's requestors (or --to) under its tag");
  cli->reply->add_option("ids", cli->ids)->required()->expected(1);
  cli->reply->add_option("--text", cli->text, "the reply");
  cli->reply->add_option("--file", cli->text_file, "read it from FILE (- = stdin)");
  cli->reply->add_option("--to", cli->to, "recipient (repeatable; default: the requestors)");
  common_opts(cli->reply);
  cli->resolve = ticket->add_subcommand("resolve", "end tickets (bulk); an incident's children follow");
  cli->resolve->add_option("ids", cli->ids)->required()->expected(1, 100000);
  cli->resolve->add_option("--status", cli->status, "resolved (default), rejected, abandoned, removed");
  cli->resolve->add_flag("--keep-children", cli->keep_children, "leave an incident's children as they are");
  cli->resolve->add_flag("--ask", cli->ask, "refuse (exit 1) and list them when an incident has active children");
  common_opts(cli->resolve);
  cli->investigate = ticket->add_subcommand("investigate", "mail every responsible party its own evidence lines");
  cli->investigate->add_option("ids", cli->ids)->required()->expected(1);
  cli->investigate->add_flag("--dry-run", cli->dry_run, "show who would get which lines; send nothing");
  common_opts(cli->investigate);
  cli->observable = ticket->add_subcommand("observable", "add or remove an observable: add|remove ID VALUE");
  cli->observable->add_option("action", cli->action)->required()->check(CLI::IsMember({"add", "remove"}));
  cli->observable->add_option("id", cli->one_id)->required();
  cli->observable->add_option("value", cli->value)->required();
  common_opts(cli->observable);

  cli->link_events = ticket->add_subcommand("link-events", "link stored events to a ticket (search filters)");
  cli->link_events->add_option("ids", cli->ids)->required()->expected(1);
  cli->link_events->add_option("--ip", cli->ev_ip, "source.ip");
  cli->link_events->add_option("--cidr", cli->ev_cidr, "source.ip in this network");
  cli->link_events->add_option("--feed", cli->ev_feed, "feed.name");
  cli->link_events->add_option("--type", cli->ev_type, "classification.type");
  cli->link_events->add_option("--since", cli->ev_since, "time.source from (7d, or a date-time)");
  cli->link_events->add_option("--limit", cli->limit, "at most N (default 50)");
  common_opts(cli->link_events);

  cli->stats = app->add_subcommand("stats", "the year's counts as a national CERT reports them");
  cli->stats->add_option("--year", cli->year, "the year (default: this one)");
  common_opts(cli->stats);

  cli->gateway = app->add_subcommand("mail-gateway", "take one mail on stdin (an MTA pipe) or a Maildir's new mail");
  cli->gateway->add_option("--maildir", cli->maildir, "take every mail in DIR/new");
  common_opts(cli->gateway);

  auto* outbox = app->add_subcommand("outbox", "outbound mail: list, send, retry");
  outbox->require_subcommand(1);
  cli->outbox_list = outbox->add_subcommand("list", "queued and sent mail, newest first");
  cli->outbox_list->add_option("--state", cli->state, "pending, sending, sent, failed, uncertain");
  cli->outbox_list->add_option("--limit", cli->limit, "at most N (default 50)");
  common_opts(cli->outbox_list);
  cli->outbox_send = outbox->add_subcommand("send", "deliver what is due now");
  cli->outbox_send->add_flag("--all", cli->all, "also what waits for its next attempt (after an outage)");
  common_opts(cli->outbox_send);
  cli->outbox_retry = outbox->add_subcommand("retry", "queue a failed or uncertain mail again");
  cli->outbox_retry->add_option("ids", cli->ids)->required()->expected(1);
  cli->outbox_retry->add_option("--to", cli->recipient, "only this recipient");
  common_opts(cli->outbox_retry);
}

std::optional<int> RunTicketCommand(const TicketCli& cli, Services& s) {
  // A verb that changes tickets: with --json, the tickets it touched as they are now (one
  // object per line) instead of the sentence.
  auto simple = [&](const std::function<Status(Tracker*)>& fn) -> int {
    auto tracker = s.tracker();
    if (!tracker) return Report(tracker.error());
    Status st = fn(*tracker);
    if (!st) return Report(st.error());
    if (s.common().json) {
      std::set<int64_t> seen;
      for (int64_t id : cli.ids) {
        auto t = (*tracker)->Get(id);
        if (t && seen.insert(t->id).second)
          fmt::print("{}\n", TicketJson(*t, s.config().tickets, (*tracker)->now()));
      }
    }
    return kExitOk;
  };
  const std::string actor = Actor();
  if (cli.create->parsed()) return New(cli, s);
  if (cli.list->parsed()) return List(cli, s);
  if (cli.show->parsed()) return RunTicketShow(cli, s);
  if (cli.investigate->parsed()) return RunTicketInvestigate(cli, s);
  if (cli.stats->parsed()) return RunStats(cli, s);
  if (cli.link_events->parsed()) return RunLinkEvents(cli, s);
  if (cli.gateway->parsed()) return RunMailGateway(cli, s);
  if (cli.outbox_list->parsed() || cli.outbox_send->parsed() || cli.outbox_retry->parsed())
    return RunOutbox(cli, s);
  if (cli.set->parsed())
    return simple([&](Tracker* t) -> Status {
      for (int64_t id : cli.ids) BELFRY_RETURN_IF_ERROR(t->Set(id, cli.field, cli.value, actor, cli.reason));
      if (!s.common().json) fmt::print("{} ticket(s) updated\n", cli.ids.size());
      return Ok();
    });
  if (cli.link->parsed())
    return simple([&](Tracker* t) -> Status {
      for (size_t i = 1; i < cli.ids.size(); ++i) BELFRY_RETURN_IF_ERROR(t->Link(cli.ids[0], cli.ids[i], actor));
      if (!s.common().json) fmt::print("linked {} ticket(s) to #{}\n", cli.ids.size() - 1, cli.ids[0]);
      return Ok();
    });
  if (cli.unlink->parsed())
    return simple([&](Tracker* t) { return t->Unlink(cli.ids[0], cli.ids[1], actor); });
  if (cli.merge->parsed())
    return simple([&](Tracker* t) -> Status {
      int64_t into = cli.ids.back();
      for (size_t i = 0; i + 1 < cli.ids.size(); ++i) {
        BELFRY_RETURN_IF_ERROR(t->Merge(cli.ids[i], into, actor));
        if (!s.common().json)
          fmt::print("#{} merged into #{} (undo: belfry ticket unmerge {})\n", cli.ids[i], into, cli.ids[i]);
      }
      return Ok();
    });
  if (cli.unmerge->parsed())
    return simple([&](Tracker* t) -> Status {
      for (int64_t id : cli.ids) BELFRY_RETURN_IF_ERROR(t->Unmerge(id, actor));
      if (!s.common().json) fmt::print("{} ticket(s) unmerged\n", cli.ids.size());
      return Ok();
    });
  if (cli.comment->parsed()) {
    auto text = ReadText(cli);
    if (!text) return Report(text.error());
    if (text->empty()) return Report(Error::InvalidInput("the comment is empty (--text or --file)"));
    return simple([&](Tracker* t) -> Status {
      for (int64_t id : cli.ids) BELFRY_RETURN_IF_ERROR(t->Comment(id, *text, actor));
      return Ok();
    });
  }
  if (cli.observable->parsed()) {
    auto o = ParseObservable(cli.value);
    if (!o) return Report(Error::InvalidInput(fmt::format("'{}' is not an IP, network, domain, URL, e-mail address, hash or CVE", cli.value)));
    return simple([&](Tracker* t) {
      return cli.action == "add" ? t->AddObservable(cli.one_id, *o, actor)
                                 : t->RemoveObservable(cli.one_id, *o, actor);
    });
  }
  if (cli.resolve->parsed()) {
    auto tracker = s.tracker();
    if (!tracker) return Report(tracker.error());
    ChildPolicy policy = cli.ask ? ChildPolicy::kAsk : cli.keep_children ? ChildPolicy::kKeep : ChildPolicy::kCascade;
    int rc = kExitOk;
    for (int64_t id : cli.ids) {
      auto r = (*tracker)->Resolve(id, cli.status, policy, actor);
      if (!r) {
        rc = Report(r.error());
        continue;
      }
      if (s.common().json) {
        fmt::print("{}\n", JsonObject()
                               .Int("id", id)
                               .Raw("ended", JsonIds(r->ended))
                               .Raw("kept", JsonIds(r->kept))
                               .Raw("active_children", JsonIds(r->active_children))
                               .Done());
      }
      if (!r->active_children.empty()) {
        if (!s.common().json)
          fmt::print("#{} has active children {}: resolve them too (default) or --keep-children\n", id, JsonIds(r->active_children));
        rc = kExitFailure;
        continue;
      }
      if (!s.common().json)
        fmt::print("ended {}{}\n", JsonIds(r->ended), r->kept.empty() ? "" : fmt::format("; kept open under another incident: {}", JsonIds(r->kept)));
    }
    return rc;
  }
  if (cli.reply->parsed()) {
    auto mailer = s.mailer();
    if (!mailer) return Report(mailer.error());
    auto text = ReadText(cli);
    if (!text) return Report(text.error());
    if (text->empty()) return Report(Error::InvalidInput("the reply is empty (--text or --file)"));
    auto id = (*mailer)->Reply(cli.ids[0], *text, cli.to, actor);
    if (!id) return Report(id.error());
    if (s.common().json)
      fmt::print("{}\n", JsonObject().Int("ticket", cli.ids[0]).Int("outbox", *id).Done());
    else
      fmt::print("reply queued as outbox #{}\n", *id);
    return DeliverOutboxNow(s);
  }
  return std::nullopt;
}

}  // namespace belfry
