#include "notify/notify_plan.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/date_time.h"
#include "core/text.h"
#include "model/ip_address.h"
#include "share/tlp_policy.h"

namespace belfry {

namespace {

std::string RouteKey(const Route& r) {
  return fmt::format("{}\x1f{}\x1f{}", RouteKindName(r.kind), r.org, r.target);
}

int SeverityRank(std::string_view s) {
  std::string v = AsciiLowerCopy(s);
  if (v == "critical") return 4;
  if (v == "high") return 3;
  if (v == "medium") return 2;
  if (v == "low") return 1;
  return 0;
}

void SplitInto(std::string_view s, std::set<std::string>* out) {
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find_first_of(",; ", i);
    if (j == std::string_view::npos) j = s.size();
    if (j > i) out->insert(AsciiLowerCopy(s.substr(i, j - i)));
    i = j + 1;
  }
}

}  // namespace

std::string FindingKey(const Event& e) {
  std::string host = FieldText(e, fields::kSourceIp);
  if (host.empty()) host = FieldText(e, fields::kSourceFqdn);
  if (host.empty()) host = FieldText(e, fields::kSourceUrl);
  return fmt::format("{}|{}|{}", FieldText(e, fields::kClassificationType),
                     FieldText(e, fields::kClassificationIdentifier), host);
}

FindingState FindingOf(const Event& e, int64_t now) {
  FindingState f;
  f.last_sent = now;
  if (auto p = e.Get(fields::kSourcePort)) f.ports.insert(std::string(*p));
  if (auto id = FieldRegistry::Find("product.vulnerabilities")) {
    if (auto v = e.Get(*id)) SplitInto(*v, &f.vulnerabilities);
  }
  for (const char* key : {"cve", "vulnerability", "vulnerabilities"}) {
    if (auto x = e.GetExtra(key)) SplitInto(x->value, &f.vulnerabilities);
  }
  if (auto s = e.GetExtra("severity")) f.severity = SeverityRank(s->value);
  return f;
}

bool FindingIsNews(const FindingState& told, const FindingState& now, int64_t renotify) {
  if (now.last_sent - told.last_sent >= renotify) return true;
  for (const auto& p : now.ports)
    if (!told.ports.count(p)) return true;
  for (const auto& v : now.vulnerabilities)
    if (!told.vulnerabilities.count(v)) return true;
  return now.severity > told.severity;
}

NotifyPlanner::NotifyPlanner(const PlanInputs& in) : in_(in) {
  rules_ = in_.config->effective_rules();
  auto inhibitions = in_.store->Inhibitions(in_.now);
  if (inhibitions) {
    inhibitions_ = std::move(*inhibitions);
  } else {
    status_ = Fail(inhibitions.error());
  }
  auto failing = in_.store->Failing();
  if (failing) {
    for (const auto& f : *failing) failing_.insert(f.address);
  } else {
    status_ = Fail(failing.error());
  }
}

const NotifyRule* NotifyPlanner::RuleFor(const Event& e, const std::string& org) const {
  const std::string feed = FieldText(e, fields::kFeedName), type = FieldText(e, fields::kClassificationType),
                    taxonomy = FieldText(e, fields::kClassificationTaxonomy),
                    identifier = FieldText(e, fields::kClassificationIdentifier);
  for (const auto& r : rules_) {
    if (!r.feed.empty() && r.feed != feed) continue;
    if (!r.classification.empty() && r.classification != type && r.classification != taxonomy)
      continue;
    if (!r.identifier.empty() && r.identifier != identifier) continue;
    if (!r.organisation.empty() && r.organisation != org) continue;
    return &r;
  }
  return nullptr;
}

bool NotifyPlanner::Inhibited(const Event& e, const std::string& org) const {
  if (inhibitions_.empty()) return false;
  const std::string type = FieldText(e, fields::kClassificationType),
                    taxonomy = FieldText(e, fields::kClassificationTaxonomy),
                    identifier = FieldText(e, fields::kClassificationIdentifier);
  std::optional<IpAddress> ip;
  if (auto v = e.Get(fields::kSourceIp)) {
    if (auto a = IpAddress::Parse(*v)) ip = *a;
  }
  for (const auto& i : inhibitions_) {
    if (!i.organisation.empty() && i.organisation != org) continue;
    if (!i.classification.empty() && i.classification != type && i.classification != taxonomy)
      continue;
    if (!i.identifier.empty() && i.identifier != identifier) continue;
    if (!i.network.empty()) {
      auto net = IpNetwork::Parse(i.network);
      if (!net || !ip || !net->Contains(*ip)) continue;
    }
    return true;
  }
  return false;
}

std::optional<NotifyRecipient> NotifyPlanner::RecipientFor(const Route& route) {
  const std::string key = RouteKey(route);
  auto it = recipients_.find(key);
  if (it != recipients_.end()) return it->second;
  std::optional<NotifyRecipient> out;
  NotifyRecipient r;
  r.route = route.kind;
  r.format = *ParseContactFormat(in_.config->format);
  if (route.kind == RouteKind::kPeer) {
    const PeerRecord* peer = in_.index->PeerByName(route.target);
    if (peer && !peer->email.empty()) {
      r.email = AsciiLowerCopy(peer->email);
      r.organisation = peer->name;
      r.organisation_name = peer->official_name.empty() ? peer->name : peer->official_name;
      r.languages = {in_.config->peer_language};
      r.format = *ParseContactFormat(in_.config->peer_format);
      r.pgp_fingerprint = peer->pgp_fingerprint;
      out = r;
    }
  } else if (!route.target.empty()) {
    std::string email = AsciiLowerCopy(route.target);
    r.organisation = route.kind == RouteKind::kConstituent ? route.org : "";
    if (!r.organisation.empty()) {
      if (auto org = in_.index->Organisation(r.organisation)) {
        r.organisation_name = org->name;
        if (org->entity_class == "essential" || org->entity_class == "important")
          r.nis2 = org->entity_class;
      }
      // A contact whose mail bounces gives way to the organisation's next one.
      if (failing_.count(email)) {
        email.clear();
        for (const auto& other : in_.index->OrganisationEmails(r.organisation)) {
          if (!failing_.count(AsciiLowerCopy(other))) {
            email = AsciiLowerCopy(other);
            break;
          }
        }
      }
    }
    if (r.organisation_name.empty()) r.organisation_name = r.organisation.empty() ? email : r.organisation;
    if (!email.empty() && !failing_.count(email)) {
      r.email = email;
      r.languages.clear();
      if (auto c = in_.index->FindContact(r.organisation, email)) {
        for (size_t i = 0; i < c->language.size();) {
          size_t j = c->language.find_first_of("+, ", i);
          if (j == std::string::npos) j = c->language.size();
          if (j > i) r.languages.push_back(AsciiLowerCopy(c->language.substr(i, j - i)));
          i = j + 1;
        }
        if (auto f = ParseContactFormat(c->format); f && !c->format.empty()) r.format = *f;
        r.pgp_fingerprint = c->pgp_fingerprint;
      }
      if (r.languages.empty())
        r.languages = route.kind == RouteKind::kForeign ? std::vector<std::string>{"en"}
                                                        : *in_.default_languages;
      out = r;
    }
  }
  recipients_.emplace(key, out);
  return out;
}

void NotifyPlanner::Add(PendingEvent& p) {
  if (!status_) return;
  if (!p.decoded) {
    if (p.route.kind == RouteKind::kTriage) ++plan_.counts.waiting_triage;
    else ++plan_.counts.waiting_unrouted;
    return;
  }
  const int64_t cutoff = in_.now - in_.config->max_age;
  bool stale = p.seen < cutoff;
  if (auto t = p.event.Get(fields::kTimeSource)) {
    if (auto m = ParseDateTimeMicros(*t); m && *m / 1000000 < cutoff) stale = true;
  }
  // Flagged stale when it was stored ([time_sanity] stale_after).
  if (auto flags = p.event.GetExtra("time_sanity"); flags && flags->value.find("stale") != std::string_view::npos)
    stale = true;
  if (stale) {
    ++plan_.counts.stale;
    plan_.skip_ids.push_back(p.id);
    return;
  }
  Tlp tlp = Tlp::kAmber;
  if (auto t = p.event.Get(fields::kTlp)) tlp = ParseTlp(*t).value_or(Tlp::kAmber);
  // The TLP policy (share/tlp_policy.h): RED never leaves; AMBER+STRICT only to the
  // organisation itself, never to a peer or to a network's abuse desk for its customers,
  // which the policy sees as parties outside the organisation.
  const Recipient to = p.route.kind == RouteKind::kConstituent
                           ? Recipient{RecipientKind::kConstituent, p.route.org}
                           : Recipient{RecipientKind::kPeerTeam, p.route.target};
  if (!MayShare(tlp, to, p.route.org).allowed) {
    ++plan_.counts.tlp;
    plan_.skip_ids.push_back(p.id);
    return;
  }
  auto recipient = RecipientFor(p.route);
  if (!recipient) {
    const bool failing = p.route.kind != RouteKind::kPeer &&
                         failing_.count(AsciiLowerCopy(p.route.target));
    if (failing) ++plan_.counts.held_failing;
    else ++plan_.counts.no_recipient;
    return;
  }
  const NotifyRule* rule = RuleFor(p.event, recipient->organisation);
  if (rule && rule->exclude) {
    ++plan_.counts.excluded;
    plan_.skip_ids.push_back(p.id);
    return;
  }
  if (Inhibited(p.event, recipient->organisation)) {
    ++plan_.counts.inhibited;
    plan_.skip_ids.push_back(p.id);
    return;
  }
  const std::string type = FieldText(p.event, fields::kClassificationType);
  std::string group_key = type.empty() ? "unknown" : type;
  const std::string aggregate = rule ? rule->aggregate : "";
  // A peer team gets one mail per period with everything routed to it.
  if (recipient->route == RouteKind::kPeer && aggregate.empty())
    group_key = "all";
  else if (aggregate == "identifier")
    group_key += "|" + FieldText(p.event, fields::kClassificationIdentifier);
  else if (aggregate == "feed")
    group_key += "|" + FieldText(p.event, fields::kFeedName);
  auto& g = groups_[{recipient->email, group_key}];
  if (g.group.events.empty()) {
    g.group.recipient = *recipient;
    g.group.classification = type;
    g.group.group_key = group_key;
    g.rule = rule;
    g.group.rule = rule ? rule->Describe() : "default";
    std::string tpl = rule ? rule->template_name : "";
    if (tpl.empty()) {
      if (recipient->route == RouteKind::kPeer) {
        tpl = "notify-peer";
      } else {
        tpl = "notify-" + type;
        if (!in_.has_template || !in_.has_template(tpl)) tpl = "notify";
      }
    }
    g.group.template_name = tpl;
    if (rule && !rule->format.empty()) {
      ContactFormat f = *ParseContactFormat(rule->format);
      f.pgp_inline = g.group.recipient.format.pgp_inline || f.pgp_inline;
      f.no_pgp = g.group.recipient.format.no_pgp || f.no_pgp;
      g.group.recipient.format = f;
    }
  }
  g.group.tlp = std::max(g.group.tlp, tlp);
  if (g.group.classification != type &&
      ("," + g.group.classification + ",").find("," + type + ",") == std::string::npos)
    g.group.classification += "," + type;
  PlannedEvent pe;
  pe.id = p.id;
  pe.event.CopyFrom(p.event);
  pe.finding_key = FindingKey(p.event);
  pe.finding = FindingOf(p.event, in_.now);
  g.group.events.push_back(std::move(pe));
}

Result<NotifyPlan> NotifyPlanner::Finish() {
  if (!status_) return Fail(status_.error());
  const NotifyConfig& cfg = *in_.config;
  for (auto& [key, pending] : groups_) {
    NotifyGroup& g = pending.group;
    const std::string& email = g.recipient.email;
    std::vector<int64_t> ids;
    for (const auto& e : g.events) ids.push_back(e.id);
    auto sent = in_.store->AlreadySent(email, ids);
    if (!sent) return Fail(sent.error());
    if (!sent->empty()) {
      std::set<int64_t> done(sent->begin(), sent->end());
      plan_.counts.already_sent += done.size();
      plan_.notified_ids.insert(plan_.notified_ids.end(), done.begin(), done.end());
      std::erase_if(g.events, [&](const PlannedEvent& e) { return done.count(e.id) > 0; });
    }
    if (g.events.empty()) continue;
    const bool urgent = !g.recipient.nis2.empty();
    int64_t period = pending.rule && pending.rule->period ? *pending.rule->period : cfg.period;
    if (urgent) period = 0;
    if (period > 0) {
      auto last = in_.store->LastSent(email, g.group_key);
      if (!last) return Fail(last.error());
      if (*last > 0 && in_.now - *last < period) {
        plan_.counts.held_period += g.events.size();
        continue;
      }
    }
    const int64_t renotify =
        pending.rule && pending.rule->renotify ? *pending.rule->renotify : cfg.renotify;
    // A finding is news when any of its events is (a new port, a new vulnerability, a
    // higher severity, or the interval passed): then all its events go, else none.
    std::map<std::string, std::optional<FindingState>> told;
    std::map<std::string, bool> news;
    for (auto& e : g.events) {
      auto it = told.find(e.finding_key);
      if (it == told.end()) {
        auto f = in_.store->GetFinding(email, e.finding_key);
        if (!f) return Fail(f.error());
        it = told.emplace(e.finding_key, *f).first;
      }
      const bool is_news = !it->second || it->second->last_sent >= in_.now ||
                           FindingIsNews(*it->second, e.finding, renotify);
      news[e.finding_key] = news[e.finding_key] || is_news;
    }
    std::vector<PlannedEvent> keep;
    for (auto& e : g.events) {
      if (!news[e.finding_key]) {
        ++plan_.counts.repeats;
        plan_.skip_ids.push_back(e.id);
        continue;
      }
      e.told = told[e.finding_key];
      e.repeat = e.told.has_value() && e.told->last_sent < in_.now;
      keep.push_back(std::move(e));
    }
    g.events = std::move(keep);
    if (g.events.empty()) continue;
    const int64_t min_count =
        pending.rule && pending.rule->min_count ? *pending.rule->min_count : cfg.min_count;
    if (static_cast<int64_t>(g.events.size()) < min_count) {
      plan_.counts.held_min_count += g.events.size();
      continue;
    }
    plan_.groups.push_back(std::move(g));
  }
  groups_.clear();
  return std::move(plan_);
}

}  // namespace belfry
