#include "ticket/tracker.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/date_time.h"
#include "core/text.h"
#include "model/taxonomy.h"
#include "model/tlp.h"

namespace belfry {
namespace {

constexpr int kMaxMergeDepth = 64;

bool RuleMatches(const TriageRule& r, const Ticket& t, const OrgFacts* org, size_t hosts) {
  if (!r.classification.empty()) {
    if (t.classification.empty()) return false;
    auto type = Taxonomy::CanonicalType(r.classification);
    bool same_type = type && *type == t.classification;
    if (!same_type && r.classification != Taxonomy::TaxonomyOfType(t.classification))
      return false;
  }
  if (!r.sector.empty() && (!org || org->sector != r.sector)) return false;
  if (!r.entity_class.empty() && (!org || org->entity_class != r.entity_class)) return false;
  if (r.min_hosts && static_cast<int64_t>(hosts) < r.min_hosts) return false;
  return true;
}

std::string TimeText(int64_t t) { return t ? FormatIsoUtc(t * 1000000) : ""; }

}  // namespace

void AddUnique(std::vector<std::string>* v, const std::string& s) {
  if (std::find(v->begin(), v->end(), s) == v->end()) v->push_back(s);
}

Tracker::Tracker(TicketStore* store, const TicketConfig& config, const BusinessCalendar& calendar,
                 const Clock& clock, OrgFactsFn org_facts)
    : store_(store),
      config_(config),
      calendar_(calendar),
      clock_(clock),
      org_facts_(std::move(org_facts)) {}

Status Tracker::Transaction(const std::function<Status()>& fn) {
  BELFRY_RETURN_IF_ERROR(store_->Begin());
  Status s = fn();
  if (!s) {
    store_->Rollback();
    return s;
  }
  return store_->Commit();
}

std::pair<int, std::string> Tracker::ProposeSeverity(const Ticket& t, size_t hosts) const {
  std::optional<OrgFacts> org;
  if (org_facts_ && !t.organisation.empty()) org = org_facts_(t.organisation);
  int severity = 3;
  std::string why = "default 3";
  for (const TriageRule& r : config_.triage_rules()) {
    if (!RuleMatches(r, t, org ? &*org : nullptr, hosts)) continue;
    if (r.severity) {
      severity = r.severity;
      why = r.Describe();
    }
    if (r.raise) {
      severity = std::max(1, severity - r.raise);
      why += "; " + r.Describe();
    }
  }
  return {severity, why};
}

std::pair<int64_t, int64_t> Tracker::SlaDue(int severity, int64_t from) const {
  if (severity < 1 || severity > 4) severity = 3;
  size_t i = static_cast<size_t>(severity - 1);
  int64_t response = config_.sla.response[i], resolve = config_.sla.resolve[i];
  if (severity == 1 && config_.sla.critical_round_the_clock) return {from + response, from + resolve};
  // In business time a day is a business day: "3d" is three working days, "4h" four
  // working hours.
  const auto& h = config_.sla.hours;
  const int64_t day = int64_t{h.close_minute - h.open_minute} * 60;
  auto business = [&](int64_t d) { return (d / 86400) * day + d % 86400; };
  return {calendar_.AddBusinessSeconds(from, business(response)),
          calendar_.AddBusinessSeconds(from, business(resolve))};
}

std::string Tracker::OnDutyFor(const Ticket& t) const {
  if (t.severity != 1 || config_.sla.on_duty.empty()) return "";
  if (calendar_.IsBusinessTime(t.created)) return "";
  return config_.sla.on_duty;
}

Result<Ticket> Tracker::Load(int64_t id) {
  auto t = store_->GetTicket(id);
  if (!t) return Fail(t.error());
  if (!*t) return Fail(Error::NotFound(fmt::format("no ticket #{}", id)));
  return std::move(**t);
}

Result<int64_t> Tracker::Canonical(int64_t id) {
  for (int i = 0; i < kMaxMergeDepth; ++i) {
    auto t = Load(id);
    if (!t) return Fail(t.error());
    if (!t->merged_into) return id;
    id = t->merged_into;
  }
  return Fail(Error::Corruption(fmt::format("ticket #{}: merge chain too long", id)));
}

Result<Ticket> Tracker::Get(int64_t id) {
  auto c = Canonical(id);
  if (!c) return Fail(c.error());
  return Load(*c);
}

Status Tracker::HistoryLocked(int64_t ticket, const std::string& actor, const std::string& action,
                              const std::string& field, const std::string& old_value,
                              const std::string& new_value) {
  HistoryEntry h;
  h.ticket_id = ticket;
  h.at = now();
  h.actor = actor;
  h.action = action;
  h.field = field;
  h.old_value = old_value;
  h.new_value = new_value;
  return store_->AddHistory(h);
}

std::vector<Observable> Tracker::MessageObservables(const TicketMessage& m) {
  std::vector<Observable> found = DistinctObservables(m.body);
  for (const auto& a : m.attachments) {
    bool text = a.content_type.starts_with("text/") || a.content_type.empty() ||
                a.content_type == "application/json" || a.content_type == "application/csv";
    if (!text) continue;
    auto more = DistinctObservables(a.data);
    found.insert(found.end(), more.begin(), more.end());
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

Status Tracker::StoreObservablesLocked(int64_t ticket, const std::vector<Observable>& found) {
  for (const auto& o : found) {
    TicketObservable to;
    to.ticket_id = ticket;
    to.observable = o;
    BELFRY_RETURN_IF_ERROR(store_->AddObservable(to));
  }
  return Ok();
}

Result<int64_t> Tracker::AddMessageLocked(Ticket* t, TicketMessage m, const std::string& actor,
                                          const std::vector<Observable>* observables) {
  m.ticket_id = t->id;
  if (!m.at) m.at = now();
  if (m.actor.empty()) m.actor = actor;
  auto id = store_->AddMessage(m);
  if (!id) return Fail(id.error());
  BELFRY_RETURN_IF_ERROR(StoreObservablesLocked(
      t->id, observables ? *observables : MessageObservables(m)));
  std::string action = m.direction == MessageDirection::kComment  ? "comment"
                       : m.direction == MessageDirection::kInbound ? "correspond-in"
                                                                   : "correspond-out";
  BELFRY_RETURN_IF_ERROR(HistoryLocked(t->id, actor, action, "message", "",
                                       fmt::format("#{} {}", *id, m.subject)));
  return *id;
}

Status Tracker::SaveLocked(const Ticket& before, Ticket* after, const std::string& actor) {
  after->updated = now();
  if (before.active() && !after->active() && !after->resolved) after->resolved = now();
  if (!before.active() && after->active()) after->resolved = 0;
  return store_->UpdateTicket(*after);
}

Result<Ticket> Tracker::CreateLocked(Ticket t, const std::string& actor, TicketMessage* message,
                                     size_t hosts) {
  t.id = 0;
  t.status = std::string(InitialStatus(t.queue));
  t.created = t.updated = now();
  if (t.tlp.empty()) t.tlp = config_.default_tlp;
  if (auto tlp = ParseTlp(t.tlp)) t.tlp = std::string(TlpName(*tlp));
  if (!t.classification.empty()) {
    if (auto c = Taxonomy::CanonicalType(t.classification)) t.classification = std::string(*c);
  }
  if (org_facts_ && !t.organisation.empty()) {
    if (auto org = org_facts_(t.organisation)) t.sector = org->sector;
  }
  // The message's observables, read once: its hosts for triage, then stored with it.
  std::vector<Observable> observables;
  if (message) {
    observables = MessageObservables(*message);
    size_t ips = std::count_if(observables.begin(), observables.end(),
                               [](const Observable& o) { return o.type == ObservableType::kIp; });
    hosts = std::max(hosts, ips);
  }
  if (t.severity == 0 && (t.queue == Queue::kReports || t.queue == Queue::kIncidents)) {
    auto [sev, why] = ProposeSeverity(t, hosts);
    t.severity = sev;
    t.severity_reason = "triage: " + why;
  }
  if (t.queue != Queue::kCountermeasures && t.severity) {
    auto [response, resolve] = SlaDue(t.severity, t.created);
    if (t.queue == Queue::kReports) t.response_due = response;
    if (!t.due) t.due = resolve;
  }
  t.escalated_to = OnDutyFor(t);
  auto id = store_->CreateTicket(t);
  if (!id) return Fail(id.error());
  t.id = *id;
  BELFRY_RETURN_IF_ERROR(HistoryLocked(t.id, actor, "create", "queue", "",
                                       std::string(QueueName(t.queue))));
  if (!t.severity_reason.empty())
    BELFRY_RETURN_IF_ERROR(HistoryLocked(t.id, actor, "triage", "severity", "",
                                         fmt::format("{} ({})", t.severity, t.severity_reason)));
  if (!t.escalated_to.empty())
    BELFRY_RETURN_IF_ERROR(HistoryLocked(t.id, actor, "escalate", "on_duty", "",
                                         t.escalated_to + " (critical, outside business hours)"));
  if (message) {
    auto mid = AddMessageLocked(&t, *message, actor, &observables);
    if (!mid) return Fail(mid.error());
    message->id = *mid;
    message->ticket_id = t.id;
  }
  return t;
}

Result<Ticket> Tracker::Create(Ticket draft, const std::string& actor, TicketMessage* message,
                               size_t hosts) {
  Ticket out;
  BELFRY_RETURN_IF_ERROR(Transaction([&]() -> Status {
    auto t = CreateLocked(std::move(draft), actor, message, hosts);
    if (!t) return Fail(t.error());
    out = std::move(*t);
    return Ok();
  }));
  return out;
}

Result<TicketView> Tracker::View(int64_t id) {
  auto canonical = Canonical(id);
  if (!canonical) return Fail(canonical.error());
  TicketView v;
  auto t = Load(*canonical);
  if (!t) return Fail(t.error());
  v.ticket = std::move(*t);
  // Everything merged into it, recursively.
  std::vector<int64_t> frontier = {v.ticket.id};
  for (int depth = 0; !frontier.empty() && depth < kMaxMergeDepth; ++depth) {
    std::vector<int64_t> next;
    for (int64_t f : frontier) {
      auto m = store_->MergedInto(f);
      if (!m) return Fail(m.error());
      next.insert(next.end(), m->begin(), m->end());
    }
    v.merged.insert(v.merged.end(), next.begin(), next.end());
    frontier = std::move(next);
  }
  std::vector<int64_t> ids = {v.ticket.id};
  ids.insert(ids.end(), v.merged.begin(), v.merged.end());
  std::set<int64_t> parents, children;
  for (int64_t i : ids) {
    auto p = store_->Parents(i);
    if (!p) return Fail(p.error());
    for (int64_t x : *p) {
      auto c = Canonical(x);
      if (c) parents.insert(*c);
    }
    auto ch = store_->Children(i);
    if (!ch) return Fail(ch.error());
    for (int64_t x : *ch) {
      auto c = Canonical(x);
      if (c) children.insert(*c);
    }
  }
  for (int64_t p : parents) {
    auto pt = Load(p);
    if (pt) v.parents.push_back(std::move(*pt));
  }
  for (int64_t c : children) {
    auto ct = Load(c);
    if (ct) v.children.push_back(std::move(*ct));
  }
  auto msgs = store_->Messages(ids, false);
  if (!msgs) return Fail(msgs.error());
  v.messages = std::move(*msgs);
  auto obs = store_->Observables(ids);
  if (!obs) return Fail(obs.error());
  v.observables = std::move(*obs);
  auto hist = store_->History(ids);
  if (!hist) return Fail(hist.error());
  v.history = std::move(*hist);
  auto events = store_->LinkedEvents(ids);
  if (!events) return Fail(events.error());
  v.events = std::move(*events);
  v.nis2 = Nis2Deadlines(v.ticket.nis2);
  return v;
}

Status Tracker::Set(int64_t id, const std::string& field, const std::string& value,
                    const std::string& actor, const std::string& reason) {
  return Transaction([&]() -> Status {
    auto canonical = Canonical(id);
    if (!canonical) return Fail(canonical.error());
    auto loaded = Load(*canonical);
    if (!loaded) return Fail(loaded.error());
    const Ticket before = *loaded;
    Ticket t = before;
    std::string old_value, new_value = value;
    auto bad = [&](std::string_view why) {
      return Fail(Error::InvalidInput(fmt::format("ticket #{}: {}: {}", t.id, field, why)));
    };
    auto parse_time = [&](int64_t* out) -> Status {
      if (value.empty() || value == "0") {
        *out = 0;
        return Ok();
      }
      if (value == "now") {
        *out = now();
        return Ok();
      }
      auto micros = ParseDateTimeMicros(value);
      if (!micros) return bad("not a date-time (ISO 8601, e.g. 2026-11-30T09:00:00Z)");
      *out = *micros / 1000000;
      return Ok();
    };
    if (field == "status") {
      old_value = t.status;
      if (!IsValidStatus(t.queue, value))
        return bad(fmt::format("'{}' is not a status of {}", value, QueueName(t.queue)));
      if (!CanTransition(t.queue, t.status, value))
        return bad(fmt::format("{} cannot go from '{}' to '{}'", QueueName(t.queue), t.status,
                               value));
      t.status = value;
    } else if (field == "subject") {
      old_value = t.subject;
      t.subject = value;
    } else if (field == "owner") {
      old_value = t.owner;
      t.owner = value;
    } else if (field == "organisation") {
      old_value = t.organisation;
      t.organisation = value;
      t.sector.clear();
      if (org_facts_ && !value.empty()) {
        auto org = org_facts_(value);
        if (!org) return bad(fmt::format("no organisation '{}' in the constituency", value));
        t.sector = org->sector;
      }
    } else if (field == "classification") {
      old_value = t.classification;
      auto c = Taxonomy::CanonicalType(value);
      if (!c && !value.empty()) return bad("not an RSIT classification type");
      t.classification = c ? std::string(*c) : "";
      new_value = t.classification;
    } else if (field == "severity") {
      old_value = std::to_string(t.severity);
      auto s = ParseInt64(value);
      if (!s || *s < 1 || *s > 4) return bad("must be 1 (critical) to 4 (low)");
      t.severity = static_cast<int>(*s);
      t.severity_reason = "set by " + actor;
      if (t.queue != Queue::kCountermeasures) {
        auto [response, resolve] = SlaDue(t.severity, t.created);
        if (t.queue == Queue::kReports) t.response_due = response;
        t.due = resolve;
      }
    } else if (field == "tlp") {
      old_value = t.tlp;
      auto tlp = ParseTlp(value);
      if (!tlp) return bad("not a TLP 2.0 label");
      const Tlp was = ParseTlp(t.tlp).value_or(Tlp::kRed);
      if (*tlp < was && reason.empty())
        return bad(fmt::format("lowering TLP:{} to TLP:{} needs a reason (--reason), which the "
                               "history keeps", TlpName(was), TlpName(*tlp)));
      t.tlp = std::string(TlpName(*tlp));
      new_value = t.tlp;
    } else if (field == "due") {
      old_value = TimeText(t.due);
      BELFRY_RETURN_IF_ERROR(parse_time(&t.due));
      new_value = TimeText(t.due);
    } else if (field == "requestors" || field == "tags") {
      auto& list = field == "tags" ? t.tags : t.requestors;
      old_value = fmt::format("{}", fmt::join(list, ","));
      if (!value.empty() && value[0] == '-') {
        list.erase(std::remove(list.begin(), list.end(), value.substr(1)), list.end());
      } else {
        std::string v = !value.empty() && value[0] == '+' ? value.substr(1) : value;
        if (field == "requestors" && v.find('@') == std::string::npos)
          return bad(fmt::format("'{}' is not an e-mail address", v));
        if (!v.empty()) AddUnique(&list, v);
      }
      new_value = fmt::format("{}", fmt::join(list, ","));
    } else if (field == "national") {
      old_value = t.national ? "yes" : "no";
      t.national = value == "yes" || value == "true" || value == "1";
      new_value = t.national ? "yes" : "no";
    } else if (field == "nis2-aware" || field == "nis2-early-warning" ||
               field == "nis2-notification" || field == "nis2-final" ||
               field == "nis2-responded") {
      int64_t* slot = field == "nis2-aware"           ? &t.nis2.aware
                      : field == "nis2-early-warning" ? &t.nis2.early_warning
                      : field == "nis2-notification"  ? &t.nis2.notification
                      : field == "nis2-final"         ? &t.nis2.final_report
                                                      : &t.nis2.responded;
      old_value = TimeText(*slot);
      BELFRY_RETURN_IF_ERROR(parse_time(slot));
      new_value = TimeText(*slot);
    } else {
      return bad("unknown field (status, subject, owner, organisation, classification, "
                 "severity, tlp, due, requestors, tags, national, nis2-aware, "
                 "nis2-early-warning, nis2-notification, nis2-final, nis2-responded)");
    }
    BELFRY_RETURN_IF_ERROR(SaveLocked(before, &t, actor));
    BELFRY_RETURN_IF_ERROR(HistoryLocked(t.id, actor, "set", field, old_value, new_value));
    if (!reason.empty())
      BELFRY_RETURN_IF_ERROR(HistoryLocked(t.id, actor, "reason", field, "", reason));
    // A child that re-opens re-opens its incidents (RTIR's ReopenIncident).
    if (field == "status" && !before.active() && t.active() && t.queue != Queue::kIncidents) {
      auto parents = store_->Parents(t.id);
      if (!parents) return Fail(parents.error());
      for (int64_t p : *parents) {
        auto inc = Load(p);
        if (!inc || inc->active()) continue;
        Ticket prev = *inc;
        inc->status = "open";
        BELFRY_RETURN_IF_ERROR(SaveLocked(prev, &*inc, actor));
        BELFRY_RETURN_IF_ERROR(HistoryLocked(inc->id, actor, "set", "status", prev.status,
                                             fmt::format("open (child #{} re-opened)", t.id)));
      }
    }
    return Ok();
  });
}

Status Tracker::Comment(int64_t id, const std::string& text, const std::string& actor) {
  return Transaction([&]() -> Status {
    auto t = Get(id);
    if (!t) return Fail(t.error());
    TicketMessage m;
    m.direction = MessageDirection::kComment;
    m.body = text;
    m.subject = "comment";
    auto mid = AddMessageLocked(&*t, std::move(m), actor);
    if (!mid) return Fail(mid.error());
    Ticket before = *t;
    return SaveLocked(before, &*t, actor);
  });
}

Status Tracker::AddObservable(int64_t id, const Observable& o, const std::string& actor) {
  return Transaction([&]() -> Status {
    auto t = Get(id);
    if (!t) return Fail(t.error());
    TicketObservable to;
    to.ticket_id = t->id;
    to.observable = o;
    to.origin = "manual";
    BELFRY_RETURN_IF_ERROR(store_->AddObservable(to));
    return HistoryLocked(t->id, actor, "observable-add", std::string(ObservableTypeName(o.type)),
                         "", o.value);
  });
}

Status Tracker::RemoveObservable(int64_t id, const Observable& o, const std::string& actor) {
  return Transaction([&]() -> Status {
    auto t = Get(id);
    if (!t) return Fail(t.error());
    auto merged = store_->MergedInto(t->id);
    if (!merged) return Fail(merged.error());
    std::vector<int64_t> ids = {t->id};
    ids.insert(ids.end(), merged->begin(), merged->end());
    for (int64_t i : ids) BELFRY_RETURN_IF_ERROR(store_->RemoveObservable(i, o));
    return HistoryLocked(t->id, actor, "observable-remove",
                         std::string(ObservableTypeName(o.type)), o.value, "");
  });
}

}  // namespace belfry
