#include "app/ticket_views.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "app/services.h"
#include "app/ticket_output.h"
#include "core/date_time.h"
#include "core/json_object.h"
#include "ticket/investigator.h"

namespace belfry {

int RunTicketShow(const TicketCli& cli, Services& s) {
  auto tracker = s.tracker();
  if (!tracker) return Report(tracker.error());
  if (cli.ids.empty()) return Report(Error::InvalidInput("which ticket?"));
  auto v = (*tracker)->View(cli.ids.front());
  if (!v) return Report(v.error());
  const auto& cfg = s.config().tickets;
  const int64_t now = (*tracker)->now();
  auto obs = [&] {
    std::vector<std::string> out;
    for (const auto& o : v->observables) out.push_back(fmt::format("{}:{}", ObservableTypeName(o.observable.type), o.observable.value));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }();
  std::vector<int64_t> parents, children;
  for (const auto& p : v->parents) parents.push_back(p.id);
  for (const auto& c : v->children) children.push_back(c.id);
  if (s.common().json) {
    std::string base = TicketJson(v->ticket, cfg, now);
    base.pop_back();
    std::string corr = "[";
    for (const auto& m : v->messages) {
      if (corr.size() > 1) corr += ", ";
      std::vector<std::string> att;
      for (const auto& a : m.attachments) att.push_back(a.name);
      corr += JsonObject()
                  .Int("id", m.id)
                  .Int("ticket", m.ticket_id)
                  .Str("direction", DirectionName(m.direction))
                  .Str("at", Time(m.at))
                  .StrOrNull("from", m.from)
                  .StrOrNull("to", m.to)
                  .StrOrNull("subject", m.subject)
                  .StrOrNull("message_id", m.message_id)
                  .Str("actor", m.actor)
                  .Str("body", m.body)
                  .Raw("attachments", JsonList(att))
                  .Done();
    }
    std::string hist = "[";
    for (const auto& h : v->history) {
      if (hist.size() > 1) hist += ", ";
      hist += JsonObject()
                  .Int("ticket", h.ticket_id)
                  .Str("at", Time(h.at))
                  .Str("actor", h.actor)
                  .Str("action", h.action)
                  .StrOrNull("field", h.field)
                  .StrOrNull("old", h.old_value)
                  .StrOrNull("new", h.new_value)
                  .Done();
    }
    std::vector<std::string> inform;
    for (const auto& [handle, name] : SectorOrganisations(s, v->ticket)) inform.push_back(handle);
    fmt::print("{}, \"parents\": {}, \"children\": {}, \"merged\": {}, \"observables\": {}, "
               "\"events\": {}, \"inform\": {}, \"correspondence\": {}], \"history\": {}]}}\n",
               base, JsonIds(parents), JsonIds(children), JsonIds(v->merged), JsonList(obs),
               JsonIds(v->events), JsonList(inform), corr, hist);
    return kExitOk;
  }
  const Ticket& t = v->ticket;
  fmt::print("{} {}\n", Tag(cfg, t.id), t.subject);
  fmt::print("  queue        {} ({})\n", QueueTitle(t.queue), t.status);
  fmt::print("  severity     {} {}\n", t.severity ? SeverityName(t.severity, cfg.severity_labels) : "-",
             t.severity_reason.empty() ? "" : "(" + t.severity_reason + ")");
  fmt::print("  organisation {}{}\n", t.organisation.empty() ? "-" : t.organisation,
             t.sector.empty() ? "" : " (sector " + t.sector + ")");
  fmt::print("  class / TLP  {} / TLP:{}\n", t.classification.empty() ? "-" : t.classification, t.tlp);
  fmt::print("  requestors   {}\n", fmt::join(t.requestors, ", "));
  fmt::print("  owner        {}\n", t.owner.empty() ? "-" : t.owner);
  fmt::print("  created      {}\n", Time(t.created));
  if (t.response_due) fmt::print("  response due {}{}\n", Time(t.response_due), t.first_response ? " (answered " + Time(t.first_response) + ")" : "");
  if (t.due) fmt::print("  due          {}{}\n", Time(t.due), Overdue(t, now) ? "  OVERDUE" : "");
  if (!t.escalated_to.empty()) fmt::print("  escalated to {}\n", t.escalated_to);
  if (!t.tags.empty()) fmt::print("  tags         {}\n", fmt::join(t.tags, ", "));
  if (t.national) {
    fmt::print("  NATIONAL INCIDENT{}\n", t.sector.empty() ? " (no organisation: sector unknown)" : ", inform sector " + t.sector + ":");
    for (const auto& [handle, name] : SectorOrganisations(s, t)) fmt::print("    {}  {}\n", handle, name);
  }
  for (const auto& d : v->nis2)
    fmt::print("  NIS2 {:<22} due {}  {}\n", d.what, Time(d.due),
               d.done ? "done " + Time(d.done) : (d.due < now ? "OVERDUE" : "outstanding"));
  if (!v->merged.empty()) fmt::print("  merged in    {}\n", JsonIds(v->merged));
  for (const auto& p : v->parents) fmt::print("  incident     #{} {} ({})\n", p.id, p.subject, p.status);
  for (const auto& c : v->children)
    fmt::print("  {:<12} #{} {} ({}){}\n", QueueName(c.queue), c.id, c.subject, c.status,
               c.requestors.empty() ? "" : " -> " + fmt::format("{}", fmt::join(c.requestors, ", ")));
  if (!obs.empty()) fmt::print("  observables  {}\n", fmt::join(obs, " "));
  if (!v->events.empty()) fmt::print("  events       {}\n", JsonIds(v->events));
  fmt::print("\nCorrespondence\n");
  for (const auto& m : v->messages) {
    fmt::print("--- #{} {} {} {}{}\n", m.id, Time(m.at), DirectionName(m.direction),
               m.direction == MessageDirection::kOutbound ? "to " + m.to : "from " + (m.from.empty() ? m.actor : m.from),
               m.ticket_id != t.id ? fmt::format(" (merged #{})", m.ticket_id) : "");
    if (!m.subject.empty()) fmt::print("    Subject: {}\n", m.subject);
    std::string_view body = m.body;
    size_t shown = 0;
    while (!body.empty() && shown < 40) {
      size_t nl = body.find('\n');
      fmt::print("    {}\n", body.substr(0, nl));
      body = nl == std::string_view::npos ? std::string_view() : body.substr(nl + 1);
      ++shown;
    }
    if (!body.empty()) fmt::print("    [...]\n");
    for (const auto& a : m.attachments) fmt::print("    [attachment {} {}]\n", a.name, a.content_type);
  }
  fmt::print("\nHistory\n");
  for (const auto& h : v->history)
    fmt::print("  {} {:<8} {:<14} {}{}{}\n", Time(h.at), h.actor, h.action,
               h.field.empty() ? "" : h.field + ": ", h.old_value.empty() ? "" : h.old_value + " -> ", h.new_value);
  return kExitOk;
}

int RunTicketInvestigate(const TicketCli& cli, Services& s) {
  auto tracker = s.tracker();
  if (!tracker) return Report(tracker.error());
  auto mailer = s.mailer();
  if (!mailer) return Report(mailer.error());
  auto holder = s.constituency();
  if (!holder) return Report(holder.error());
  auto index = (*holder)->Current();
  if (cli.ids.empty()) return Report(Error::InvalidInput("which ticket?"));
  InvestigateOptions opt;
  opt.dry_run = cli.dry_run;
  opt.actor = Actor();
  opt.stale_after_seconds = s.config().time_sanity.stale_after_seconds;
  auto plan = Investigate(*tracker, *mailer, *index, cli.ids.front(), opt);
  if (!plan) return Report(plan.error());
  const auto& cfg = s.config().tickets;
  if (s.common().json) {
    fmt::print("{}\n", InvestigationPlanJson(*plan, cli.dry_run));
  } else {
    if (plan->incident_created) fmt::print("incident {} opened for report #{}\n", Tag(cfg, plan->incident), cli.ids.front());
    for (const auto& t : plan->targets) {
      std::string who = t.mailed() ? t.email : (t.route == RouteKind::kTriage ? "(ours, no contact: duty officer)" : "(unrouted: duty officer)");
      fmt::print("{:<12} {:<32} {} line(s) {} {}{}{}\n", RouteKindName(t.route), who, t.evidence_lines,
                 t.organisation.empty() ? "" : "[" + t.organisation + "]",
                 t.investigation ? fmt::format("-> {} ", Tag(cfg, t.investigation)) : "", t.note,
                 t.stale ? fmt::format(" STALE evidence {} .. {}", Time(t.oldest).substr(0, 10), Time(t.newest).substr(0, 10)) : "");
      if (t.undated) fmt::print("{:<12} {} line(s) without a reliable timestamp\n", "", t.undated);
      if (cli.dry_run || !t.mailed())
        for (const auto& l : t.lines) fmt::print("{:<12}   {}\n", "", l);
    }
  }
  if (cli.dry_run) return kExitOk;
  return DeliverOutboxNow(s, true);
}

int RunStats(const TicketCli& cli, Services& s) {
  auto store = s.tickets();
  if (!store) return Report(store.error());
  int year = cli.year;
  if (!year) year = std::stoi(FormatIsoUtc(s.clock().NowMicros()).substr(0, 4));
  auto st = (*store)->Stats(year);
  if (!st) return Report(st.error());
  auto count = [&](std::string_view q) {
    auto it = st->created.find(std::string(q));
    return it == st->created.end() ? int64_t{0} : it->second;
  };
  auto map_json = [](const std::map<std::string, int64_t>& m) {
    JsonObject o;
    for (const auto& [k, v] : m) o.Int(k, v);
    return o.Done();
  };
  if (s.common().json) {
    JsonObject by_cls, by_sector, resolved;
    for (const auto& [q, m] : st->by_classification) by_cls.Raw(q, map_json(m));
    for (const auto& [q, m] : st->by_sector) by_sector.Raw(q, map_json(m));
    fmt::print("{}\n", JsonObject()
                           .Int("year", year)
                           .Int("incident_reports", count("reports"))
                           .Int("incidents", count("incidents"))
                           .Int("investigations", count("investigations"))
                           .Int("countermeasures", count("countermeasures"))
                           .Raw("resolved", map_json(st->resolved))
                           .Raw("by_classification", by_cls.Done())
                           .Raw("by_sector", by_sector.Done())
                           .Int("responses", st->responses)
                           .Raw("median_first_response_seconds",
                                st->median_response_seconds < 0 ? "null" : std::to_string(st->median_response_seconds))
                           .Done());
    return kExitOk;
  }
  fmt::print("{}: {} incident reports received, {} incidents treated, {} investigations run, {} countermeasures\n",
             year, Thousands(count("reports")), Thousands(count("incidents")),
             Thousands(count("investigations")), Thousands(count("countermeasures")));
  if (st->median_response_seconds >= 0)
    fmt::print("median time to first response: {} min ({} answered)\n", st->median_response_seconds / 60, st->responses);
  for (const char* q : {"incidents", "reports"}) {
    auto it = st->by_classification.find(q);
    if (it == st->by_classification.end()) continue;
    fmt::print("\n{} by classification\n", q);
    for (const auto& [k, v] : it->second) fmt::print("  {:<28} {:>8}\n", k, v);
  }
  for (const char* q : {"incidents", "reports"}) {
    auto it = st->by_sector.find(q);
    if (it == st->by_sector.end()) continue;
    fmt::print("\n{} by sector\n", q);
    for (const auto& [k, v] : it->second) fmt::print("  {:<28} {:>8}\n", k, v);
  }
  return kExitOk;
}

}  // namespace belfry
