// ConstituencyIndex::Build: compiles the constituency tables into the immutable index, in
// steps: organisations (manual fields win), contacts, role mailboxes, peers, networks; then
// the RIPE inheritance from less specific objects and each network's routing address.

#include <fmt/format.h>

#include <algorithm>

#include "constituency/constituency_index.h"
#include "constituency/names.h"
#include "core/text.h"

namespace belfry {

class ConstituencyIndexBuilder {
 public:
  using Net = ConstituencyIndex::Net;
  using Org = ConstituencyIndex::Org;
  static constexpr uint32_t kNone = ConstituencyIndex::kNone;

  ConstituencyIndexBuilder(ConstituencyIndex& x, ConstituencyStore* store) : x_(x), store_(store) {}

  Status Run() {
    auto version = store_->Version();
    if (!version) return Fail(version.error());
    x_.version_ = *version;
    BELFRY_RETURN_IF_ERROR(LoadOrganisations());
    BELFRY_RETURN_IF_ERROR(LoadContacts());
    BELFRY_RETURN_IF_ERROR(LoadRoles());
    BELFRY_RETURN_IF_ERROR(LoadPeers());
    BELFRY_RETURN_IF_ERROR(store_->ForEachNetwork([&](const NetworkRecord& r) { AddNetwork(r); }));
    InheritFromLessSpecific();
    ResolveRoutingAddresses();
    x_.route_v4_ = Ipv4RangeIndex::Build(rt4_);
    x_.route_v6_ = Ipv6RangeIndex::Build(rt6_);
    x_.peer_v4_ = Ipv4RangeIndex::Build(pr4_);
    x_.peer_v6_ = Ipv6RangeIndex::Build(pr6_);
    x_.string_ids_.clear();
    return Ok();
  }

 private:
  uint32_t OrgId(const std::string& handle) {
    auto [it, inserted] =
        x_.org_by_handle_.try_emplace(handle, static_cast<uint32_t>(x_.orgs_.size()));
    if (inserted) x_.orgs_.emplace_back().handle = handle;
    return it->second;
  }

  // Organisations: a manual record overrides the imported one field by field.
  Status LoadOrganisations() {
    return store_->ForEachOrganisation([&](const OrganisationRecord& r) {
      Org& o = x_.orgs_[OrgId(r.handle)];
      const bool manual = r.origin == kManualOrigin;
      o.entered |= manual;
      auto take = [&](std::string* field, const std::string& value) {
        if (!value.empty() && (manual || field->empty())) *field = value;
      };
      take(&o.name, r.name);
      take(&o.country, r.country);
      take(&o.sector, r.sector);
      take(&o.entity_class, r.entity_class);
      take(&o.tags, r.tags);
    });
  }

  // Contacts of organisations; an imported organisation's abuse-c mailbox is one of them
  // (origin "ripe", written by ResolveAbuseEmails). Network contacts are attached later.
  Status LoadContacts() {
    BELFRY_RETURN_IF_ERROR(store_->ForEachContact([&](const ContactRecord& r) {
      const uint32_t id = static_cast<uint32_t>(x_.contacts_.size());
      x_.contacts_.push_back(r);
      x_.contacts_by_email_[AsciiLowerCopy(r.email)].push_back(id);
      if (r.network.empty()) x_.orgs_[OrgId(r.org)].contacts.push_back(id);
    }));
    for (Org& o : x_.orgs_) {
      for (uint32_t c : o.contacts) {
        if (x_.contacts_[c].origin != kManualOrigin && o.imported_abuse.empty())
          o.imported_abuse = x_.contacts_[c].email;
      }
      // Manual contacts first.
      std::stable_partition(o.contacts.begin(), o.contacts.end(),
                            [&](uint32_t c) { return x_.contacts_[c].origin == kManualOrigin; });
    }
    for (uint32_t i = 0; i < x_.contacts_.size(); ++i) {
      if (!x_.contacts_[i].network.empty())
        contacts_by_network_[x_.contacts_[i].network].push_back(i);
    }
    org_abuse_.assign(x_.orgs_.size(), kNone);
    for (size_t i = 0; i < x_.orgs_.size(); ++i)
      org_abuse_[i] = x_.Intern(x_.orgs_[i].imported_abuse);
    contact_email_.resize(x_.contacts_.size());
    for (size_t i = 0; i < x_.contacts_.size(); ++i)
      contact_email_[i] = x_.Intern(x_.contacts_[i].email);
    return Ok();
  }

  // Role and IRT mailboxes (interned), for the networks' abuse-c and mnt-irt. Strings are
  // interned once here so that the per-network work hashes as little as possible.
  Status LoadRoles() {
    return store_->ForEachRole([&](const RoleRecord& r) {
      if (!r.email.empty()) role_email_[r.handle] = x_.Intern(r.email);
    });
  }
  uint32_t Mailbox(const std::string& handle) const {
    if (handle.empty()) return kNone;
    auto it = role_email_.find(handle);
    return it == role_email_.end() ? kNone : it->second;
  }

  Status LoadPeers() {
    return store_->ForEachPeer([&](const PeerRecord& r) {
      const uint32_t id = static_cast<uint32_t>(x_.peers_.size());
      peer_by_name_[r.name] = id;
      x_.peers_.push_back({r});
      for (const auto& cc : SplitComma(r.countries)) {
        // The team's own countries are ours, not a peer's.
        if (!x_.scope_countries_.count(cc)) x_.peer_by_country_.try_emplace(cc, id);
      }
    });
  }

  static std::vector<std::string> SplitComma(std::string_view s) {
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

  void AddPeerNetwork(const NetworkRecord& r) {
    auto it = peer_by_name_.find(r.peer);
    if (it == peer_by_name_.end()) return;
    const uint32_t pid = it->second;
    if (r.kind == NetworkKind::kIpRange) {
      if (r.first.is_v4())
        pr4_.push_back({Ipv4Key(r.first), Ipv4Key(r.last), pid, 0});
      else
        pr6_.push_back({Ipv6Key(r.first), Ipv6Key(r.last), pid, 0});
    } else if (r.kind == NetworkKind::kAsn) {
      x_.peer_by_asn_.try_emplace(r.asn, pid);
    } else if (r.kind == NetworkKind::kDomain) {
      x_.peer_by_domain_.try_emplace(NormalizeDomain(r.domain), pid);
    }
  }

  void AddNetwork(const NetworkRecord& r) {
    if (!r.peer.empty()) return AddPeerNetwork(r);
    if (r.kind == NetworkKind::kRoute) {
      const auto origin = static_cast<uint32_t>(r.asn);
      if (r.first.is_v4())
        rt4_.push_back({Ipv4Key(r.first), Ipv4Key(r.last), origin, 0});
      else
        rt6_.push_back({Ipv6Key(r.first), Ipv6Key(r.last), origin, 0});
      return;
    }
    const bool manual = r.origin == kManualOrigin;
    // An imported block of the whole address space (IANA-BLK, ::/0, in databases imported
    // before such blocks were left out) would own every address: never.
    if (!manual && r.kind == NetworkKind::kIpRange && IpRange{r.first, r.last}.IsWholeSpace()) return;
    const uint32_t id = static_cast<uint32_t>(x_.nets_.size());
    Net& n = x_.nets_.emplace_back();
    n.kind = r.kind;
    n.manual = manual;
    n.first = r.first;
    n.last = r.last;
    n.asn = r.asn;
    n.domain = r.kind == NetworkKind::kDomain ? NormalizeDomain(r.domain) : std::string();
    if (r.country.size() == 2) n.country[0] = r.country[0], n.country[1] = r.country[1];
    // Referenced but not (yet) imported: the handle is kept so routing can still name it.
    if (!r.org.empty()) n.org = OrgId(r.org);
    // The network's own contact as the RIPE database resolves it: abuse-c, else the
    // organisation's abuse-c, else the IRT; else (InheritFromLessSpecific) the parent's.
    uint32_t email = x_.Intern(r.abuse_email);
    if (email == kNone) email = Mailbox(r.abuse_c);
    if (email == kNone && n.org < org_abuse_.size()) email = org_abuse_[n.org];
    if (email == kNone) email = Mailbox(r.irt);
    n.email = email;
    // Names are nearly all distinct: appended, not interned.
    n.name = static_cast<uint32_t>(x_.names_.size());
    n.name_len = static_cast<uint16_t>(std::min<size_t>(r.name.size(), 0xffff));
    x_.names_.append(r.name, 0, n.name_len);
    if (auto c = contacts_by_network_.find(r.key); c != contacts_by_network_.end()) {
      n.contacts_begin = static_cast<uint32_t>(x_.net_contacts_.size());
      x_.net_contacts_.insert(x_.net_contacts_.end(), c->second.begin(), c->second.end());
      n.contacts_end = static_cast<uint32_t>(x_.net_contacts_.size());
    }
    const uint32_t prio = manual ? 1 : 0;
    if (r.kind == NetworkKind::kIpRange) {
      if (r.first.is_v4()) {
        r4_.push_back({Ipv4Key(r.first), Ipv4Key(r.last), id, prio});
        net4_.push_back(id);
      } else {
        r6_.push_back({Ipv6Key(r.first), Ipv6Key(r.last), id, prio});
        net6_.push_back(id);
      }
    } else if (r.kind == NetworkKind::kAsn) {
      auto [it, inserted] = x_.net_by_asn_.try_emplace(r.asn, id);
      if (!inserted && manual) it->second = id;
    } else if (r.kind == NetworkKind::kDomain) {
      auto [it, inserted] = x_.net_by_domain_.try_emplace(n.domain, id);
      if (!inserted && manual) it->second = id;
    }
  }

  // Less specific objects hand down their organisation, abuse contact and country to the
  // more specific ones that have none (the RIPE database's abuse-c inheritance).
  void InheritFromLessSpecific() {
    std::vector<uint32_t> parents4, parents6;
    x_.v4_ = Ipv4RangeIndex::Build(r4_, &parents4);
    x_.v6_ = Ipv6RangeIndex::Build(r6_, &parents6);
    std::vector<uint32_t> parent(x_.nets_.size(), kNone);
    for (size_t i = 0; i < r4_.size(); ++i)
      if (parents4[i] != kNone) parent[net4_[i]] = net4_[parents4[i]];
    for (size_t i = 0; i < r6_.size(); ++i)
      if (parents6[i] != kNone) parent[net6_[i]] = net6_[parents6[i]];
    std::vector<uint8_t> done(x_.nets_.size(), 0);
    std::vector<uint32_t> chain;
    for (uint32_t i = 0; i < x_.nets_.size(); ++i) {
      chain.clear();
      for (uint32_t j = i; j != kNone && !done[j]; j = parent[j]) chain.push_back(j);
      for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        Net& n = x_.nets_[*it];
        const uint32_t p = parent[*it];
        if (p != kNone) {
          if (n.org == kNone) n.org = x_.nets_[p].org;
          if (n.email == kNone) n.email = x_.nets_[p].email;
          if (n.country[0] == 0) std::copy(x_.nets_[p].country, x_.nets_[p].country + 2, n.country);
        }
        done[*it] = 1;
      }
    }
  }

  // Each network's routing address, resolved once (Decide() then looks nothing up): the
  // first abuse contact in the contact precedence, else the first contact.
  void ResolveRoutingAddresses() {
    for (Net& n : x_.nets_) {
      const Org* org = n.org == kNone ? nullptr : &x_.orgs_[n.org];
      uint32_t first = kNone, abuse = kNone;
      x_.VisitContacts(&n, org, [&](uint32_t contact, uint32_t ripe_email) {
        const uint32_t email = contact == kNone ? ripe_email : contact_email_[contact];
        const std::string_view role = contact == kNone ? "abuse" : x_.contacts_[contact].role;
        if (email == kNone) return;
        if (first == kNone) first = email;
        if (abuse == kNone && (role == "abuse" || role.empty())) abuse = email;
      });
      n.primary = abuse == kNone ? first : abuse;
    }
  }

  ConstituencyIndex& x_;
  ConstituencyStore* store_;
  std::unordered_map<std::string, std::vector<uint32_t>> contacts_by_network_;
  std::unordered_map<std::string, uint32_t> role_email_;
  std::unordered_map<std::string, uint32_t> peer_by_name_;
  std::vector<uint32_t> org_abuse_, contact_email_;
  std::vector<Ipv4RangeIndex::Range> r4_, pr4_, rt4_;
  std::vector<Ipv6RangeIndex::Range> r6_, pr6_, rt6_;
  std::vector<uint32_t> net4_, net6_;  // range position -> net id
};

Result<std::shared_ptr<const ConstituencyIndex>> ConstituencyIndex::Build(
    ConstituencyStore* store, const ConstituencyConfig& config) {
  for (const auto& n : config.networks) {
    if (auto r = IpRange::Parse(n); !r) {
      return Fail(Error::InvalidConfig(
          fmt::format("constituency.networks: '{}' is not a CIDR or an address range", n)));
    }
  }
  auto index = std::make_shared<ConstituencyIndex>(*Empty(config));
  ConstituencyIndexBuilder builder(*index, store);
  BELFRY_RETURN_IF_ERROR(builder.Run());
  return std::shared_ptr<const ConstituencyIndex>(index);
}

}  // namespace belfry
