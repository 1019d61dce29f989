#include "ticket/ticket_json.h"

#include "core/date_time.h"
#include "core/json_object.h"
#include "core/text.h"

namespace belfry {

std::string Time(int64_t t) { return t ? FormatIsoUtc(t * 1000000) : ""; }

std::string JsonList(const std::vector<std::string>& v) { return JsonStringArray(v); }

std::string JsonIds(const std::vector<int64_t>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + std::to_string(v[i]);
  return out + "]";
}

bool Overdue(const Ticket& t, int64_t now) {
  if (!t.active()) return false;
  for (const auto& d : Nis2Deadlines(t.nis2))
    if (!d.done && d.due < now) return true;
  return (t.due && t.due < now) || (t.response_due && !t.first_response && t.response_due < now);
}

std::string TicketJson(const Ticket& t, const TicketConfig& cfg, int64_t now) {
  JsonObject o;
  o.Int("id", t.id)
      .Str("queue", QueueName(t.queue))
      .Str("status", t.status)
      .Str("subject", t.subject)
      .StrOrNull("organisation", t.organisation)
      .StrOrNull("sector", t.sector)
      .Raw("severity", t.severity ? std::to_string(t.severity) : "null")
      .StrOrNull("severity_label", t.severity ? SeverityName(t.severity, cfg.severity_labels) : "")
      .StrOrNull("severity_reason", t.severity_reason)
      .StrOrNull("classification", t.classification)
      .Str("tlp", t.tlp)
      .Raw("requestors", JsonList(t.requestors))
      .StrOrNull("owner", t.owner)
      .Raw("tags", JsonList(t.tags))
      .Str("created", Time(t.created))
      .Str("updated", Time(t.updated))
      .StrOrNull("response_due", Time(t.response_due))
      .StrOrNull("due", Time(t.due))
      .StrOrNull("first_response", Time(t.first_response))
      .StrOrNull("resolved", Time(t.resolved))
      .Bool("overdue", Overdue(t, now))
      .Bool("national", t.national)
      .StrOrNull("escalated_to", t.escalated_to);
  if (t.merged_into) o.Int("merged_into", t.merged_into);
  if (t.nis2.active()) {
    std::string arr = "[";
    for (const auto& d : Nis2Deadlines(t.nis2)) {
      if (arr.size() > 1) arr += ", ";
      arr += JsonObject()
                 .Str("what", d.what)
                 .Str("due", Time(d.due))
                 .StrOrNull("done", Time(d.done))
                 .Bool("overdue", !d.done && d.due < now)
                 .Done();
    }
    o.Raw("nis2", arr + "]");
  }
  return o.Done();
}

std::string InvestigationPlanJson(const InvestigationPlan& plan, bool dry_run) {
  std::string targets = "[";
  for (const auto& t : plan.targets) {
    if (targets.size() > 1) targets += ", ";
    targets += JsonObject()
                   .Str("route", RouteKindName(t.route))
                   .StrOrNull("email", t.email)
                   .StrOrNull("organisation", t.organisation)
                   .StrOrNull("language", t.language)
                   .Raw("networks", JsonList(t.networks))
                   .Raw("observables", JsonList(t.observables))
                   .Int("lines", static_cast<int64_t>(t.evidence_lines))
                   .Int("undated", static_cast<int64_t>(t.undated))
                   .Bool("stale", t.stale)
                   .StrOrNull("oldest", Time(t.oldest))
                   .StrOrNull("newest", Time(t.newest))
                   .Raw("investigation", t.investigation ? std::to_string(t.investigation) : "null")
                   .StrOrNull("note", t.note)
                   .Raw("evidence", JsonList(t.lines))
                   .Done();
  }
  return JsonObject()
      .Raw("incident", plan.incident ? std::to_string(plan.incident) : "null")
      .Bool("incident_created", plan.incident_created)
      .Bool("dry_run", dry_run)
      .Raw("targets", targets + "]")
      .Done();
}

}  // namespace belfry
