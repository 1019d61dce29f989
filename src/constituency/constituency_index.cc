#include "constituency/constituency_index.h"

#include <fmt/format.h>

#include <algorithm>

#include "constituency/names.h"
#include "core/text.h"

namespace belfry {
uint32_t ConstituencyIndex::Intern(std::string_view s) {
  if (s.empty()) return kNone;
  if (auto it = string_ids_.find(s); it != string_ids_.end()) return it->second;
  const uint32_t id = static_cast<uint32_t>(strings_.size());
  strings_.emplace_back(s);
  string_ids_.emplace(strings_.back(), id);
  return id;
}

std::shared_ptr<const ConstituencyIndex> ConstituencyIndex::Empty(
    const ConstituencyConfig& config) {
  auto index = std::make_shared<ConstituencyIndex>();
  index->config_ = config;
  for (const auto& c : config.countries) index->scope_countries_.insert(c);
  for (const auto& o : config.organisations) index->scope_orgs_.insert(o);
  for (int64_t a : config.asns) index->scope_asns_.insert(a);
  for (const auto& n : config.networks) {
    if (auto r = IpRange::Parse(n)) index->scope_networks_.push_back(*r);
  }
  return index;
}

std::string ConstituencyIndex::NetworkText(const Net& n) const {
  switch (n.kind) {
    case NetworkKind::kIpRange:
      return IpRange{n.first, n.last}.ToString();
    case NetworkKind::kAsn:
      return fmt::format("AS{}", n.asn);
    case NetworkKind::kDomain:
      return n.domain;
    case NetworkKind::kRoute:
      return IpRange{n.first, n.last}.ToString();
  }
  return {};
}

bool ConstituencyIndex::InScope(const Org* org, std::string_view country,
                                std::optional<int64_t> asn, const LookupQuery& q,
                                bool matched) const {
  // No scope configured: only organisations the team entered itself (manual records, CSV
  // imports) are constituents. An imported registry (RIPE, Trusted Introducer) describes
  // the world, not the constituency: treating all of it as ours would mail anybody.
  if (!config_.HasScope()) return org != nullptr && org->entered;
  if (org && scope_orgs_.count(org->handle)) return true;
  if (!country.empty() && scope_countries_.count(std::string(country))) return true;
  if (asn && scope_asns_.count(*asn)) return true;
  if (q.ip) {
    for (const auto& s : scope_networks_) {
      if (s.Contains(*q.ip)) return true;
    }
  }
  // Nothing known about the address but the event's country: ours if that country is.
  return !matched && !q.country.empty() && scope_countries_.count(q.country) > 0;
}

const ConstituencyIndex::Net* ConstituencyIndex::FindNet(const LookupQuery& q,
                                                         std::optional<int64_t>* asn,
                                                         const char** matched_by) const {
  *asn = q.asn;
  const Net* net = nullptr;
  if (q.ip) {
    const bool v4 = q.ip->is_v4();
    const uint32_t id = v4 ? v4_.Find(Ipv4Key(*q.ip)) : v6_.Find(Ipv6Key(*q.ip));
    if (id != kNone) {
      net = &nets_[id];
      *matched_by = "ip";
    }
    if (!*asn) {
      const uint32_t a = v4 ? route_v4_.Find(Ipv4Key(*q.ip)) : route_v6_.Find(Ipv6Key(*q.ip));
      if (a != Ipv4RangeIndex::kNone) *asn = a;
    }
  }
  if (!net && !q.fqdn.empty()) {
    std::string d = NormalizeDomain(q.fqdn);
    std::string_view v = d;
    while (!v.empty()) {
      if (auto it = net_by_domain_.find(std::string(v)); it != net_by_domain_.end()) {
        net = &nets_[it->second];
        *matched_by = "fqdn";
        break;
      }
      const size_t dot = v.find('.');
      if (dot == std::string_view::npos) break;
      v.remove_prefix(dot + 1);
    }
  }
  if (!net && *asn) {
    if (auto it = net_by_asn_.find(**asn); it != net_by_asn_.end()) {
      net = &nets_[it->second];
      *matched_by = "asn";
    }
  }
  return net;
}

void ConstituencyIndex::CollectContacts(const Net* net, const Org* org,
                                        std::vector<ContactInfo>* out) const {
  VisitContacts(net, org, [&](uint32_t contact, uint32_t email) {
    ContactRecord ripe;
    if (contact == kNone) {
      ripe.origin = "ripe";
      ripe.email = std::string(Str(email));
    }
    const ContactRecord& c = contact == kNone ? ripe : contacts_[contact];
    for (const auto& have : *out) {
      if (have.email == c.email && have.role == c.role) return;
    }
    ContactInfo info{
        c.email, c.role, c.language, c.format, c.pgp_fingerprint, c.origin == kManualOrigin};
    if (info.language.empty()) info.language = fmt::format("{}", fmt::join(config_.languages, "+"));
    out->push_back(std::move(info));
  });
}

std::string_view ConstituencyIndex::PrimaryEmail(const std::vector<ContactInfo>& contacts) {
  for (const auto& c : contacts) {
    if (c.role == "abuse" || c.role.empty()) return c.email;
  }
  return contacts.empty() ? std::string_view() : std::string_view(contacts.front().email);
}

Route ConstituencyIndex::Decide(const LookupQuery& q, bool destination) const {
  std::optional<int64_t> asn;
  const char* matched_by = "";
  const Net* net = FindNet(q, &asn, &matched_by);
  const Org* org = net && net->org != kNone ? &orgs_[net->org] : nullptr;
  std::string_view country;
  if (net && net->country[0]) country = std::string_view(net->country, 2);
  if (country.empty() && org) country = org->country;
  Route v;
  v.destination = destination;
  const std::string_view email = net ? Str(net->primary) : std::string_view();
  if (InScope(org, country, asn, q, *matched_by != '\0')) {
    v.kind = email.empty() ? RouteKind::kTriage : RouteKind::kConstituent;
    v.target = email;
    if (org) v.org = org->handle;
    return v;
  }
  if (auto p = FindPeer(q, asn, country)) {
    v.kind = RouteKind::kPeer;
    v.target = peers_[*p].record.name;
    return v;
  }
  if (config_.notify_foreign_abuse_contacts && !email.empty()) {
    v.kind = RouteKind::kForeign;
    v.target = email;
  }
  return v;
}

std::optional<uint32_t> ConstituencyIndex::FindPeer(const LookupQuery& q,
                                                    std::optional<int64_t> asn,
                                                    std::string_view country) const {
  if (q.ip) {
    const uint32_t p =
        q.ip->is_v4() ? peer_v4_.Find(Ipv4Key(*q.ip)) : peer_v6_.Find(Ipv6Key(*q.ip));
    if (p != Ipv4RangeIndex::kNone) return p;
  }
  if (!q.fqdn.empty()) {
    std::string_view d = q.fqdn;
    while (!d.empty()) {
      if (auto it = peer_by_domain_.find(std::string(d)); it != peer_by_domain_.end()) {
        return it->second;
      }
      const size_t dot = d.find('.');
      if (dot == std::string_view::npos) break;
      d.remove_prefix(dot + 1);
    }
  }
  if (asn) {
    if (auto it = peer_by_asn_.find(*asn); it != peer_by_asn_.end()) return it->second;
  }
  for (std::string_view cc : {country, std::string_view(q.country)}) {
    if (cc.empty()) continue;
    if (auto it = peer_by_country_.find(std::string(cc)); it != peer_by_country_.end()) {
      return it->second;
    }
  }
  return std::nullopt;
}

LookupResult ConstituencyIndex::Lookup(const LookupQuery& q) const {
  LookupResult r;
  const char* matched_by = "";
  const Net* net = FindNet(q, &r.asn, &matched_by);
  r.matched_by = matched_by;
  const Org* org = nullptr;
  if (net) {
    r.network = NetworkText(*net);
    r.network_name = names_.substr(net->name, net->name_len);
    if (net->country[0]) r.country.assign(net->country, 2);
    if (net->org != kNone) org = &orgs_[net->org];
  }
  if (org) {
    r.handle = org->handle;
    r.organisation = org->name;
    r.sector = org->sector;
    r.entity_class = org->entity_class;
    r.tags = org->tags;
    if (r.country.empty()) r.country = org->country;
  }
  if (!net && !q.country.empty()) {
    r.country = q.country;
    if (scope_countries_.count(q.country)) r.matched_by = "country";
  }
  CollectContacts(net, org, &r.contacts);
  r.abuse_email = std::string(PrimaryEmail(r.contacts));
  // The routing decision is the one the pipeline makes.
  const Route route = Decide(q);
  r.route = route.kind;
  r.route_to = std::string(route.target);
  r.in_constituency = route.kind == RouteKind::kConstituent || route.kind == RouteKind::kTriage;
  if (route.kind == RouteKind::kPeer) {
    for (const auto& p : peers_) {
      if (p.record.name == route.target) {
        r.peer = p.record.name;
        r.peer_email = p.record.email;
        break;
      }
    }
  }
  return r;
}

std::optional<ConstituencyIndex::OrgSummary> ConstituencyIndex::Organisation(
    std::string_view handle) const {
  auto it = org_by_handle_.find(std::string(handle));
  if (it == org_by_handle_.end()) return std::nullopt;
  const Org& o = orgs_[it->second];
  return OrgSummary{o.handle, o.name, o.sector, o.entity_class, o.country};
}

std::optional<ContactRecord> ConstituencyIndex::FindContact(std::string_view org,
                                                            std::string_view email) const {
  auto it = contacts_by_email_.find(AsciiLowerCopy(email));
  if (it == contacts_by_email_.end()) return std::nullopt;
  std::optional<ContactRecord> imported;
  for (uint32_t i : it->second) {
    const ContactRecord& c = contacts_[i];
    if (!c.org.empty() && c.org != org && !org.empty()) continue;
    if (c.origin == kManualOrigin) return c;  // what the team entered wins
    if (!imported) imported = c;
  }
  return imported;
}

std::vector<std::string> ConstituencyIndex::OrganisationEmails(std::string_view org) const {
  std::vector<std::string> out;
  auto it = org_by_handle_.find(std::string(org));
  if (it == org_by_handle_.end()) return out;
  const Org& o = orgs_[it->second];
  auto add = [&](const std::string& e) {
    if (!e.empty() && std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
  };
  for (uint32_t c : o.contacts)
    if (contacts_[c].origin == kManualOrigin) add(contacts_[c].email);
  add(o.imported_abuse);
  for (uint32_t c : o.contacts)
    if (contacts_[c].origin != kManualOrigin) add(contacts_[c].email);
  return out;
}

const PeerRecord* ConstituencyIndex::PeerByName(std::string_view name) const {
  for (const auto& p : peers_)
    if (p.record.name == name) return &p.record;
  return nullptr;
}

size_t ConstituencyIndex::MemoryBytes() const {
  return v4_.MemoryBytes() + v6_.MemoryBytes() + route_v4_.MemoryBytes() + route_v6_.MemoryBytes() +
         nets_.capacity() * sizeof(Net) + orgs_.size() * sizeof(Org);
}

}  // namespace belfry
