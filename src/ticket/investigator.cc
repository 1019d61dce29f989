#include "ticket/investigator.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/date_time.h"
#include "core/text.h"
#include "ticket/evidence.h"
#include "ticket/observables.h"

namespace belfry {
namespace {

struct Key {
  RouteKind route;
  std::string who;  // email, or the organisation for triage
  bool operator<(const Key& o) const {
    return route != o.route ? route < o.route : who < o.who;
  }
};

bool LooksLikeHeader(std::string_view line) {
  if (line.empty()) return false;
  if (line[0] == '#') return true;
  return line.find(',') != std::string_view::npos || line.find(';') != std::string_view::npos ||
         line.find('\t') != std::string_view::npos;
}

std::string DateOnly(int64_t t) { return FormatIsoUtc(t * 1000000).substr(0, 10); }

bool IsOurs(RouteKind r) { return r == RouteKind::kConstituent || r == RouteKind::kTriage; }

// The line as `party` may see it: the addresses and host names of our constituents other
// than the party itself are replaced, so that a peer or another constituent never learns
// them. The duty officer's lists (unrouted, triage) keep everything.
std::string RedactOthers(std::string_view line,
                         const std::vector<std::pair<const ObservableHit*, Key>>& owned,
                         const Key& party) {
  if (party.route == RouteKind::kUnrouted || party.route == RouteKind::kTriage)
    return std::string(line);
  std::vector<std::pair<size_t, size_t>> spans;
  for (const auto& [hit, key] : owned) {
    if (!IsOurs(key.route) || (key.route == party.route && key.who == party.who)) continue;
    spans.emplace_back(hit->offset, hit->length);
  }
  if (spans.empty()) return std::string(line);
  std::sort(spans.begin(), spans.end());
  std::string out;
  size_t pos = 0;
  for (auto [off, len] : spans) {
    if (off < pos) continue;  // a URL and its host share one span
    out.append(line.substr(pos, off - pos));
    out += "[redacted: another party]";
    pos = off + len;
  }
  out.append(line.substr(std::min(pos, line.size())));
  return out;
}

}  // namespace

InvestigationPlan PlanInvestigation(const std::vector<EvidenceSource>& sources,
                                    const ConstituencyIndex& index, int64_t now,
                                    int64_t stale_after_seconds) {
  std::map<Key, InvestigationTarget> groups;
  std::map<std::string, LookupResult> cache;
  for (const EvidenceSource& src : sources) {
    std::string header;
    std::set<Key> got_header;
    std::string_view text = src.text;
    size_t line_no = 0;
    std::vector<ObservableHit> hits;
    while (!text.empty()) {
      size_t nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      ++line_no;
      hits.clear();
      ExtractObservables(line, &hits);
      if (hits.empty()) {
        if (line_no == 1 && LooksLikeHeader(line)) header = std::string(line);
        continue;
      }
      // The parties this line concerns (an address on a token boundary: 192.0.2.15 never
      // matches a line about 192.0.2.150), and whose each token is.
      std::map<Key, std::vector<std::string>> parties;
      std::vector<std::pair<const ObservableHit*, Key>> owned;
      for (const ObservableHit& h : hits) {
        const Observable& o = h.observable;
        if (o.type != ObservableType::kIp && o.type != ObservableType::kDomain) continue;
        auto it = cache.find(o.value);
        if (it == cache.end()) {
          LookupQuery q;
          if (o.type == ObservableType::kIp) {
            auto ip = IpAddress::Parse(o.value);
            if (!ip) continue;
            q.ip = *ip;
          } else {
            q.fqdn = o.value;
          }
          it = cache.emplace(o.value, index.Lookup(q)).first;
        }
        const LookupResult& r = it->second;
        Key k{r.route, ""};
        switch (r.route) {
          case RouteKind::kConstituent:
          case RouteKind::kForeign: k.who = r.route_to; break;
          case RouteKind::kPeer: k.who = r.peer_email.empty() ? r.route_to : r.peer_email; break;
          case RouteKind::kTriage: k.who = r.handle; break;
          case RouteKind::kUnrouted: k.who = ""; break;
        }
        auto& target = groups[k];
        if (target.observables.empty() && target.networks.empty()) {
          target.route = r.route;
          target.email = IsMailed(r.route) || r.route == RouteKind::kPeer ? k.who : "";
          target.organisation = r.route == RouteKind::kPeer ? r.peer : r.handle;
          target.organisation_name = r.route == RouteKind::kPeer ? r.peer : r.organisation;
          for (const auto& c : r.contacts)
            if (c.email == r.route_to && !c.language.empty()) target.language = c.language;
        }
        if (!r.network.empty() &&
            std::find(target.networks.begin(), target.networks.end(), r.network) ==
                target.networks.end())
          target.networks.push_back(r.network);
        if (std::find(target.observables.begin(), target.observables.end(), o.value) ==
            target.observables.end())
          target.observables.push_back(o.value);
        parties[k];
        owned.emplace_back(&h, k);
      }
      if (parties.empty()) continue;
      auto ts = FindTimestamp(line, now);
      for (auto& [k, _] : parties) {
        auto& target = groups[k];
        if (!header.empty() && !got_header.count(k)) {
          target.lines.push_back(MaskCredentials(header));
          got_header.insert(k);
        }
        target.lines.push_back(MaskCredentials(RedactOthers(line, owned, k)));
        ++target.evidence_lines;
        if (!ts) {
          ++target.undated;
        } else {
          target.oldest = target.oldest ? std::min(target.oldest, *ts) : *ts;
          target.newest = std::max(target.newest, *ts);
        }
      }
    }
  }
  InvestigationPlan plan;
  for (auto& [k, t] : groups) {
    std::sort(t.observables.begin(), t.observables.end());
    t.stale = t.newest && now - t.newest > stale_after_seconds;
    plan.targets.push_back(std::move(t));
  }
  // Mailed parties first (constituents, then peers, then foreign), then the rest.
  std::stable_sort(plan.targets.begin(), plan.targets.end(),
                   [](const InvestigationTarget& a, const InvestigationTarget& b) {
                     return a.mailed() > b.mailed();
                   });
  return plan;
}

Result<InvestigationPlan> Investigate(Tracker* tracker, TicketMailer* mailer,
                                      const ConstituencyIndex& index, int64_t ticket,
                                      const InvestigateOptions& opt) {
  auto start = tracker->Get(ticket);
  if (!start) return Fail(start.error());
  if (start->queue != Queue::kReports && start->queue != Queue::kIncidents)
    return Fail(Error::InvalidInput(fmt::format(
        "ticket #{} is in {}: investigate a report or an incident", start->id,
        QueueName(start->queue))));
  InvestigationPlan plan;
  Ticket incident;
  if (start->queue == Queue::kIncidents) {
    incident = *start;
  } else {
    auto parents = tracker->store()->Parents(start->id);
    if (!parents) return Fail(parents.error());
    if (!parents->empty()) {
      auto inc = tracker->Get(parents->front());
      if (!inc) return Fail(inc.error());
      incident = *inc;
    }
  }
  // The evidence: every inbound message and its text attachments, of the incident's
  // reports (or the report alone) and of what was merged into them.
  std::vector<int64_t> report_ids;
  if (incident.id) {
    auto children = tracker->store()->Children(incident.id);
    if (!children) return Fail(children.error());
    for (int64_t c : *children) {
      auto t = tracker->Get(c);
      if (t && t->queue == Queue::kReports) report_ids.push_back(t->id);
    }
    report_ids.push_back(incident.id);
  }
  if (start->queue == Queue::kReports &&
      std::find(report_ids.begin(), report_ids.end(), start->id) == report_ids.end())
    report_ids.push_back(start->id);
  std::vector<int64_t> ids = report_ids;
  for (int64_t r : report_ids) {
    auto m = tracker->store()->MergedInto(r);
    if (m) ids.insert(ids.end(), m->begin(), m->end());
  }
  auto messages = tracker->store()->Messages(ids, true);
  if (!messages) return Fail(messages.error());
  std::vector<EvidenceSource> sources;
  for (const auto& m : *messages) {
    if (m.direction == MessageDirection::kOutbound) continue;
    sources.push_back({fmt::format("message #{}", m.id), m.body});
    for (const auto& a : m.attachments) {
      bool text = a.content_type.starts_with("text/") || a.content_type == "application/csv" ||
                  a.content_type == "application/json" || a.content_type.empty();
      if (text && IsValidUtf8(a.data)) sources.push_back({a.name, a.data});
    }
  }
  plan = PlanInvestigation(sources, index, tracker->now(), opt.stale_after_seconds);
  plan.reports = report_ids;
  if (incident.id) plan.incident = incident.id;
  // TLP:RED never leaves; TLP:AMBER+STRICT only to the organisation the evidence is about
  // (a constituent's own lines), never to a peer team.
  const std::string& tlp = incident.id ? incident.tlp : start->tlp;
  if (tlp == "RED")
    return Fail(Error::InvalidInput(fmt::format(
        "ticket #{} is TLP:RED: its evidence is for its named recipients only and is not sent "
        "to anyone; lower the TLP (ticket set tlp AMBER ...) if the source allows it",
        start->id)));
  if (tlp == "AMBER+STRICT") {
    for (InvestigationTarget& t : plan.targets) {
      if (t.route == RouteKind::kConstituent || !t.mailed()) continue;
      t.note = "not sent: TLP:AMBER+STRICT stays within the organisation concerned";
      t.email.clear();
    }
  }
  if (opt.dry_run) return plan;

  const TicketConfig& cfg = tracker->config();
  BELFRY_RETURN_IF_ERROR(tracker->Transaction([&]() -> Status {
    if (!incident.id) {
      // A report without an incident: open one for it.
      Ticket draft;
      draft.queue = Queue::kIncidents;
      draft.subject = start->subject;
      draft.classification = start->classification;
      draft.severity = start->severity;
      draft.severity_reason = start->severity_reason;
      draft.tlp = start->tlp;
      draft.organisation = start->organisation;
      draft.owner = start->owner;
      auto inc = tracker->CreateLocked(draft, opt.actor, nullptr, 0);
      if (!inc) return Fail(inc.error());
      incident = *inc;
      Ticket report = *start;
      BELFRY_RETURN_IF_ERROR(tracker->LinkLocked(&incident, &report, opt.actor));
      plan.incident = incident.id;
      plan.incident_created = true;
    }
    // Investigations this incident already has, by correspondent: a second run does not
    // mail the same party twice.
    std::map<std::string, int64_t> existing;
    auto children = tracker->store()->Children(incident.id);
    if (!children) return Fail(children.error());
    for (int64_t c : *children) {
      auto t = tracker->Get(c);
      if (!t || t->queue != Queue::kInvestigations) continue;
      for (const auto& r : t->requestors) existing[r] = t->id;
    }
    std::vector<std::string> unrouted, triage;
    for (InvestigationTarget& target : plan.targets) {
      if (!target.mailed()) {
        auto& list = target.route == RouteKind::kTriage ? triage : unrouted;
        for (const auto& o : target.observables)
          list.push_back(target.route == RouteKind::kTriage
                             ? fmt::format("{} ({})", o, target.organisation)
                             : o);
        continue;
      }
      if (auto it = existing.find(target.email); it != existing.end()) {
        target.investigation = it->second;
        target.note = fmt::format("already investigated as #{}", it->second);
        continue;
      }
      Ticket draft;
      draft.queue = Queue::kInvestigations;
      draft.subject = incident.subject;
      draft.requestors = {target.email};
      draft.organisation = target.route == RouteKind::kConstituent ? target.organisation : "";
      draft.classification = incident.classification;
      draft.severity = incident.severity;
      draft.tlp = incident.tlp;
      draft.owner = incident.owner;
      if (target.stale) draft.tags.push_back("stale-evidence");
      if (target.undated) draft.tags.push_back("undated-evidence");
      auto inv = tracker->CreateLocked(draft, opt.actor, nullptr, 0);
      if (!inv) return Fail(inv.error());
      BELFRY_RETURN_IF_ERROR(tracker->LinkLocked(&incident, &*inv, opt.actor));
      // The contact's language ("nl", or the team's defaults for it, "nl+fr"); unknown:
      // [mail] default_languages.
      std::vector<std::string> langs;
      std::string_view spec = target.language;
      while (!spec.empty()) {
        size_t plus = spec.find('+');
        std::string l = AsciiLowerCopy(TrimAscii(spec.substr(0, plus)));
        if ((l == "nl" || l == "fr" || l == "en" || l == "de") &&
            std::find(langs.begin(), langs.end(), l) == langs.end())
          langs.push_back(l);
        if (plus == std::string_view::npos) break;
        spec.remove_prefix(plus + 1);
      }
      if (langs.empty()) langs = cfg.mail.default_languages;
      std::string tlp_note;
      if (incident.tlp == "AMBER+STRICT") tlp_note = "only within your organisation";
      else if (incident.tlp == "AMBER") tlp_note = "within your organisation and its clients, on a need-to-know basis";
      else if (incident.tlp == "RED") tlp_note = "for the named recipients only";
      std::map<std::string, std::string> v = {
          {"team_name", cfg.mail.from_name},
          {"tag", cfg.subject_tag},
          {"ticket", std::to_string(inv->id)},
          {"subject", incident.subject},
          {"organisation_name", target.organisation_name.empty() ? target.organisation
                                                                 : target.organisation_name},
          {"count", std::to_string(target.evidence_lines)},
          {"networks", fmt::format("{}", fmt::join(target.networks, ", "))},
          {"classification", incident.classification.empty() ? "not classified yet"
                                                             : incident.classification},
          {"tlp", incident.tlp},
          {"tlp_note", tlp_note},
          {"unreliable", target.undated ? std::to_string(target.undated) : ""},
          {"stale", target.stale ? "yes" : ""},
          {"stale_from", target.oldest ? DateOnly(target.oldest) : ""},
          {"stale_to", target.newest ? DateOnly(target.newest) : ""}};
      auto rendered = target.route == RouteKind::kPeer
                          ? mailer->templates().Render("peer", "en", v)
                          : mailer->templates().RenderMany("investigation", langs, v);
      if (!rendered) return Fail(rendered.error());
      OutgoingMail mail;
      mail.to = {target.email};
      mail.subject = rendered->subject;
      mail.text = rendered->body;
      std::string evidence;
      for (const auto& l : target.lines) evidence += l + "\n";
      mail.attachments.push_back({"evidence.txt", "text/plain", std::move(evidence)});
      auto queued = mailer->QueueLocked(&*inv, std::move(mail), opt.actor);
      if (!queued) return Fail(queued.error());
      target.investigation = inv->id;
      target.outbox = *queued;
      std::string flags;
      if (target.stale)
        flags += fmt::format("; evidence is stale ({} to {})", DateOnly(target.oldest),
                             DateOnly(target.newest));
      if (target.undated) flags += fmt::format("; {} line(s) without a timestamp", target.undated);
      BELFRY_RETURN_IF_ERROR(tracker->HistoryLocked(
          incident.id, opt.actor, "investigate", "investigation", "",
          fmt::format("#{} to {} ({} line(s)){}", inv->id, target.email, target.evidence_lines,
                      flags)));
      if (!flags.empty())
        BELFRY_RETURN_IF_ERROR(
            tracker->HistoryLocked(inv->id, opt.actor, "flag", "evidence", "", flags.substr(2)));
    }
    if (!unrouted.empty())
      BELFRY_RETURN_IF_ERROR(tracker->HistoryLocked(
          incident.id, opt.actor, "unrouted", "observables", "",
          fmt::format("not in the constituency, no peer team: {}", fmt::join(unrouted, ", "))));
    if (!triage.empty())
      BELFRY_RETURN_IF_ERROR(tracker->HistoryLocked(
          incident.id, opt.actor, "triage", "observables", "",
          fmt::format("ours but no contact: {}", fmt::join(triage, ", "))));
    return Ok();
  }));
  return plan;
}

}  // namespace belfry
