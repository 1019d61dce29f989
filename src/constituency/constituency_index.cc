#include "constituency/constituency_index.h"

#include <fmt/format.h>

#include <algorithm>

#include "constituency/names.h"
#include "core/text.h"

namespace belfry {
namespace {

std::vector<std::string> SplitComma(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    const size_t c = s.find(',');
    std::string_view part = TrimAscii(s.substr(0, c));
    if (!part.empty()) out.emplace_back(part);
    if (c == std::string_view::npos) break;
    s.remove_prefix(c + 1);
  }
  return out;
}

}  // namespace


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

Result<std::shared_ptr<const ConstituencyIndex>> ConstituencyIndex::Build(
    ConstituencyStore* store, const ConstituencyConfig& config) {
  for (const auto& n : config.networks) {
    if (auto r = IpRange::Parse(n); !r) {
      return Fail(Error::InvalidConfig(
          fmt::format("constituency.networks: '{}' is not a CIDR or an address range", n)));
    }
  }
  auto empty = Empty(config);
  auto index = std::make_shared<ConstituencyIndex>(*empty);
  ConstituencyIndex& x = *index;
  auto version = store->Version();
  if (!version) return Fail(version.error());
  x.version_ = *version;

  // Organisations: a manual record overrides the imported one field by field.
  BELFRY_RETURN_IF_ERROR(store->ForEachOrganisation([&](const OrganisationRecord& r) {
    auto [it, inserted] =
        x.org_by_handle_.try_emplace(r.handle, static_cast<uint32_t>(x.orgs_.size()));
    if (inserted) x.orgs_.emplace_back().handle = r.handle;
    Org& o = x.orgs_[it->second];
    const bool manual = r.origin == kManualOrigin;
    auto take = [&](std::string* field, const std::string& value) {
      if (!value.empty() && (manual || field->empty())) *field = value;
    };
    take(&o.name, r.name);
    take(&o.country, r.country);
    take(&o.sector, r.sector);
    take(&o.entity_class, r.entity_class);
    take(&o.tags, r.tags);
  }));
  // Contacts of organisations; an imported organisation's abuse-c mailbox is one of them
  // (origin "ripe", written by ResolveAbuseEmails).
  BELFRY_RETURN_IF_ERROR(store->ForEachContact([&](const ContactRecord& r) {
    const uint32_t id = static_cast<uint32_t>(x.contacts_.size());
    x.contacts_.push_back(r);
    if (!r.network.empty()) return;  // attached to networks below
    auto it = x.org_by_handle_.find(r.org);
    if (it == x.org_by_handle_.end()) {
      it = x.org_by_handle_.emplace(r.org, static_cast<uint32_t>(x.orgs_.size())).first;
      x.orgs_.emplace_back().handle = r.org;
    }
    x.orgs_[it->second].contacts.push_back(id);
  }));
  for (Org& o : x.orgs_) {
    for (uint32_t c : o.contacts) {
      if (x.contacts_[c].origin != kManualOrigin && o.imported_abuse.empty()) {
        o.imported_abuse = x.contacts_[c].email;
      }
    }
    // Manual contacts first.
    std::stable_partition(o.contacts.begin(), o.contacts.end(),
                          [&](uint32_t c) { return x.contacts_[c].origin == kManualOrigin; });
  }
  std::unordered_map<std::string, std::vector<uint32_t>> contacts_by_network;
  for (uint32_t i = 0; i < x.contacts_.size(); ++i) {
    if (!x.contacts_[i].network.empty()) contacts_by_network[x.contacts_[i].network].push_back(i);
  }

  // Role and IRT mailboxes (interned), for the networks' abuse-c and mnt-irt. Strings are
  // interned once here so that the per-network work below hashes as little as possible.
  std::unordered_map<std::string, uint32_t> role_email;
  BELFRY_RETURN_IF_ERROR(store->ForEachRole([&](const RoleRecord& r) {
    if (!r.email.empty()) role_email[r.handle] = x.Intern(r.email);
  }));
  auto mailbox = [&](const std::string& handle) -> uint32_t {
    if (handle.empty()) return kNone;
    auto it = role_email.find(handle);
    return it == role_email.end() ? kNone : it->second;
  };
  std::vector<uint32_t> org_abuse(x.orgs_.size(), kNone);
  for (size_t i = 0; i < x.orgs_.size(); ++i) org_abuse[i] = x.Intern(x.orgs_[i].imported_abuse);
  std::vector<uint32_t> contact_email(x.contacts_.size());
  for (size_t i = 0; i < x.contacts_.size(); ++i) contact_email[i] = x.Intern(x.contacts_[i].email);

  // Peers.
  std::unordered_map<std::string, uint32_t> peer_by_name;
  BELFRY_RETURN_IF_ERROR(store->ForEachPeer([&](const PeerRecord& r) {
    const uint32_t id = static_cast<uint32_t>(x.peers_.size());
    peer_by_name[r.name] = id;
    x.peers_.push_back({r});
    for (const auto& cc : SplitComma(r.countries)) {
      // The team's own countries are ours, not a peer's.
      if (!x.scope_countries_.count(cc)) x.peer_by_country_.try_emplace(cc, id);
    }
  }));

  // Networks.
  std::vector<Ipv4RangeIndex::Range> r4, pr4, rt4;
  std::vector<Ipv6RangeIndex::Range> r6, pr6, rt6;
  std::vector<uint32_t> net4, net6;  // range position -> net id
  BELFRY_RETURN_IF_ERROR(store->ForEachNetwork([&](const NetworkRecord& r) {
    const bool manual = r.origin == kManualOrigin;
    if (!r.peer.empty()) {
      auto it = peer_by_name.find(r.peer);
      if (it == peer_by_name.end()) return;
      const uint32_t pid = it->second;
      if (r.kind == NetworkKind::kIpRange) {
        if (r.first.is_v4()) {
          pr4.push_back({Ipv4Key(r.first), Ipv4Key(r.last), pid, 0});
        } else {
          pr6.push_back({Ipv6Key(r.first), Ipv6Key(r.last), pid, 0});
        }
      } else if (r.kind == NetworkKind::kAsn) {
        x.peer_by_asn_.try_emplace(r.asn, pid);
      } else if (r.kind == NetworkKind::kDomain) {
        x.peer_by_domain_.try_emplace(NormalizeDomain(r.domain), pid);
      }
      return;
    }
    if (r.kind == NetworkKind::kRoute) {
      if (r.first.is_v4()) {
        rt4.push_back({Ipv4Key(r.first), Ipv4Key(r.last), static_cast<uint32_t>(r.asn), 0});
      } else {
        rt6.push_back({Ipv6Key(r.first), Ipv6Key(r.last), static_cast<uint32_t>(r.asn), 0});
      }
      return;
    }
    const uint32_t id = static_cast<uint32_t>(x.nets_.size());
    Net& n = x.nets_.emplace_back();
    n.kind = r.kind;
    n.manual = manual;
    n.first = r.first;
    n.last = r.last;
    n.asn = r.asn;
    n.domain = r.kind == NetworkKind::kDomain ? NormalizeDomain(r.domain) : std::string();
    if (r.country.size() == 2) n.country[0] = r.country[0], n.country[1] = r.country[1];
    if (!r.org.empty()) {
      auto it = x.org_by_handle_.find(r.org);
      if (it == x.org_by_handle_.end()) {
        // Referenced but not (yet) imported: keep the handle so routing can still name it.
        it = x.org_by_handle_.emplace(r.org, static_cast<uint32_t>(x.orgs_.size())).first;
        x.orgs_.emplace_back().handle = r.org;
      }
      n.org = it->second;
    }
    // The network's own contact as the RIPE database resolves it: abuse-c, else the
    // organisation's abuse-c, else the IRT; else (below) the less specific object's.
    uint32_t email = x.Intern(r.abuse_email);
    if (email == kNone) email = mailbox(r.abuse_c);
    if (email == kNone && n.org < org_abuse.size()) email = org_abuse[n.org];
    if (email == kNone) email = mailbox(r.irt);
    n.email = email;
    // Names are nearly all distinct: appended, not interned.
    n.name = static_cast<uint32_t>(x.names_.size());
    n.name_len = static_cast<uint16_t>(std::min<size_t>(r.name.size(), 0xffff));
    x.names_.append(r.name, 0, n.name_len);
    if (auto c = contacts_by_network.find(r.key); c != contacts_by_network.end()) {
      n.contacts_begin = static_cast<uint32_t>(x.net_contacts_.size());
      x.net_contacts_.insert(x.net_contacts_.end(), c->second.begin(), c->second.end());
      n.contacts_end = static_cast<uint32_t>(x.net_contacts_.size());
    }
    const uint32_t prio = manual ? 1 : 0;
    if (r.kind == NetworkKind::kIpRange) {
      if (r.first.is_v4()) {
        r4.push_back({Ipv4Key(r.first), Ipv4Key(r.last), id, prio});
        net4.push_back(id);
      } else {
        r6.push_back({Ipv6Key(r.first), Ipv6Key(r.last), id, prio});
        net6.push_back(id);
      }
    } else if (r.kind == NetworkKind::kAsn) {
      auto [it, inserted] = x.net_by_asn_.try_emplace(r.asn, id);
      if (!inserted && manual) it->second = id;
    } else if (r.kind == NetworkKind::kDomain) {
      auto [it, inserted] = x.net_by_domain_.try_emplace(n.domain, id);
      if (!inserted && manual) it->second = id;
    }
  }));

  // Less specific objects hand down their organisation and abuse contact to the more specific
  // ones that have none (the RIPE database's abuse-c inheritance).
  std::vector<uint32_t> parents4, parents6;
  x.v4_ = Ipv4RangeIndex::Build(r4, &parents4);
  x.v6_ = Ipv6RangeIndex::Build(r6, &parents6);
  std::vector<uint32_t> parent(x.nets_.size(), kNone);
  for (size_t i = 0; i < r4.size(); ++i) {
    if (parents4[i] != kNone) parent[net4[i]] = net4[parents4[i]];
  }
  for (size_t i = 0; i < r6.size(); ++i) {
    if (parents6[i] != kNone) parent[net6[i]] = net6[parents6[i]];
  }
  std::vector<uint8_t> done(x.nets_.size(), 0);
  std::vector<uint32_t> chain;
  for (uint32_t i = 0; i < x.nets_.size(); ++i) {
    chain.clear();
    for (uint32_t j = i; j != kNone && !done[j]; j = parent[j]) chain.push_back(j);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      Net& n = x.nets_[*it];
      const uint32_t p = parent[*it];
      if (p != kNone) {
        if (n.org == kNone) n.org = x.nets_[p].org;
        if (n.email == kNone) n.email = x.nets_[p].email;
        if (n.country[0] == 0) std::copy(x.nets_[p].country, x.nets_[p].country + 2, n.country);
      }
      done[*it] = 1;
    }
  }
  // Each network's routing address, resolved once (Route() then allocates nothing): the
  // first abuse contact in CollectContacts() order, else its first contact.
  for (Net& n : x.nets_) {
    const Org* org = n.org == kNone ? nullptr : &x.orgs_[n.org];
    uint32_t first = kNone, abuse = kNone;
    auto consider = [&](uint32_t email, std::string_view role) {
      if (email == kNone) return;
      if (first == kNone) first = email;
      if (abuse == kNone && (role == "abuse" || role.empty())) abuse = email;
    };
    for (uint32_t i = n.contacts_begin; i < n.contacts_end; ++i) {
      const uint32_t c = x.net_contacts_[i];
      consider(contact_email[c], x.contacts_[c].role);
    }
    if (org) {
      for (uint32_t c : org->contacts) {
        if (x.contacts_[c].origin == kManualOrigin) consider(contact_email[c], x.contacts_[c].role);
      }
    }
    consider(n.email, "abuse");
    if (org) {
      for (uint32_t c : org->contacts) {
        if (x.contacts_[c].origin != kManualOrigin) consider(contact_email[c], x.contacts_[c].role);
      }
    }
    n.primary = abuse == kNone ? first : abuse;
  }
  x.route_v4_ = Ipv4RangeIndex::Build(rt4);
  x.route_v6_ = Ipv6RangeIndex::Build(rt6);
  x.peer_v4_ = Ipv4RangeIndex::Build(pr4);
  x.peer_v6_ = Ipv6RangeIndex::Build(pr6);
  x.string_ids_.clear();
  return std::shared_ptr<const ConstituencyIndex>(index);
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
  if (!config_.HasScope()) return org != nullptr;
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
  // Manual before imported: the network's own, then the organisation's, then the (possibly
  // inherited) RIPE abuse mailbox, then the organisation's imported abuse-c.
  auto add = [&](const ContactRecord& c) {
    for (const auto& have : *out) {
      if (have.email == c.email && have.role == c.role) return;
    }
    ContactInfo info{
        c.email, c.role, c.language, c.format, c.pgp_fingerprint, c.origin == kManualOrigin};
    if (info.language.empty()) info.language = fmt::format("{}", fmt::join(config_.languages, "+"));
    out->push_back(std::move(info));
  };
  if (net) {
    for (uint32_t i = net->contacts_begin; i < net->contacts_end; ++i)
      add(contacts_[net_contacts_[i]]);
  }
  if (org) {
    for (uint32_t c : org->contacts) {
      if (contacts_[c].origin == kManualOrigin) add(contacts_[c]);
    }
  }
  if (net && net->email != kNone) {
    ContactRecord c;
    c.origin = "ripe";
    c.email = std::string(Str(net->email));
    add(c);
  }
  if (org) {
    for (uint32_t c : org->contacts) {
      if (contacts_[c].origin != kManualOrigin) add(contacts_[c]);
    }
  }
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

size_t ConstituencyIndex::MemoryBytes() const {
  return v4_.MemoryBytes() + v6_.MemoryBytes() + route_v4_.MemoryBytes() + route_v6_.MemoryBytes() +
         nets_.capacity() * sizeof(Net) + orgs_.size() * sizeof(Org);
}

}  // namespace belfry
