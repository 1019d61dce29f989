#pragma once
// The constituency compiled for lookups: "whose is it, who do we tell, in which language".
// Immutable once built; the routing stage and the CLI share it through a shared_ptr and a
// new one replaces it atomically when the database changes (constituency_holder.h).

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "constituency/constituency_config.h"
#include "constituency/constituency_store.h"
#include "constituency/ip_range.h"
#include "constituency/range_index.h"
#include "model/route.h"

namespace belfry {

struct LookupQuery {
  std::optional<IpAddress> ip;
  std::optional<int64_t> asn;
  std::string fqdn;
  std::string country;
};

struct ContactInfo {
  std::string email, role, language, format, pgp_fingerprint;
  bool manual = false;
};

struct LookupResult {
  std::string matched_by;  // "ip", "fqdn", "asn", "country" or "" (nothing known)
  std::string
      network;  // "198.51.100.0/24", "198.51.100.0 - 198.51.100.130", "AS64500", "example.be"
  std::string network_name;
  std::string handle;  // organisation
  std::string organisation;
  std::string sector, entity_class, country, tags;
  std::optional<int64_t> asn;  // given, else from RIPE route objects
  std::string abuse_email;     // the contact routing uses ("" if none)
  std::vector<ContactInfo> contacts;
  bool in_constituency = false;
  RouteKind route = RouteKind::kUnrouted;
  std::string route_to;  // email (constituent/foreign) or peer team name
  std::string peer;      // responsible peer team, when routed to one
  std::string peer_email;
};

class ConstituencyIndex {
 public:
  static Result<std::shared_ptr<const ConstituencyIndex>> Build(ConstituencyStore* store,
                                                                const ConstituencyConfig& config);
  static std::shared_ptr<const ConstituencyIndex> Empty(const ConstituencyConfig& config);

  // Most specific wins: IP network (ranges included), then domain suffix, then ASN, then
  // country.
  LookupResult Lookup(const LookupQuery& q) const;
  // Only the routing decision of Lookup(), for the pipeline's hot path; `destination`: the
  // query is for the event's destination.* side.
  Route Decide(const LookupQuery& q, bool destination = false) const;

  // For the notifier. An organisation's facts; a contact by organisation and address (its
  // language as recorded, "" when unknown); the organisation's contacts in routing order;
  // a peer team by name.
  struct OrgSummary {
    std::string handle, name, sector, entity_class, country;
  };
  std::optional<OrgSummary> Organisation(std::string_view handle) const;
  std::optional<ContactRecord> FindContact(std::string_view org, std::string_view email) const;
  std::vector<std::string> OrganisationEmails(std::string_view org) const;
  const PeerRecord* PeerByName(std::string_view name) const;

  int64_t version() const { return version_; }
  size_t networks() const { return nets_.size(); }
  size_t MemoryBytes() const;

 private:
  struct Org {
    std::string handle, name, country, sector, entity_class, tags;
    std::string imported_abuse;      // the organisation's abuse-c mailbox
    bool entered = false;            // entered by the team (manual/CSV), not imported
    std::vector<uint32_t> contacts;  // manual contacts, in entry order
  };
  struct Net {
    IpAddress first, last;
    uint32_t org = kNone;
    uint32_t email = kNone;    // own or inherited RIPE abuse mailbox, index into strings_
    uint32_t primary = kNone;  // the address routing uses (manual contacts first)
    uint32_t name = 0;         // offset of the netname in names_
    uint16_t name_len = 0;
    uint32_t contacts_begin = 0, contacts_end = 0;  // manual network contacts in net_contacts_
    char country[2] = {0, 0};
    NetworkKind kind = NetworkKind::kIpRange;
    bool manual = false;
    int64_t asn = 0;
    std::string domain;
  };
  struct Peer {
    PeerRecord record;
  };
  static constexpr uint32_t kNone = UINT32_MAX;

  uint32_t Intern(std::string_view s);
  std::string_view Str(uint32_t i) const { return i == kNone ? std::string_view() : strings_[i]; }
  bool InScope(const Org* org, std::string_view country, std::optional<int64_t> asn,
               const LookupQuery& q, bool matched) const;
  std::optional<uint32_t> FindPeer(const LookupQuery& q, std::optional<int64_t> asn,
                                   std::string_view country) const;
  const Net* FindNet(const LookupQuery& q, std::optional<int64_t>* asn,
                     const char** matched_by) const;
  void CollectContacts(const Net* net, const Org* org, std::vector<ContactInfo>* out) const;
  // The one contact precedence, manual before imported: the network's own contacts, the
  // organisation's manual ones, the network's (possibly inherited) RIPE abuse mailbox, the
  // organisation's imported ones. Calls fn(contact index, kNone) for a contact record and
  // fn(kNone, string id) for the RIPE mailbox.
  template <class F>
  void VisitContacts(const Net* net, const Org* org, F&& fn) const {
    if (net) {
      for (uint32_t i = net->contacts_begin; i < net->contacts_end; ++i)
        fn(net_contacts_[i], kNone);
    }
    if (org) {
      for (uint32_t c : org->contacts)
        if (contacts_[c].origin == kManualOrigin) fn(c, kNone);
    }
    if (net && net->email != kNone) fn(kNone, net->email);
    if (org) {
      for (uint32_t c : org->contacts)
        if (contacts_[c].origin != kManualOrigin) fn(c, kNone);
    }
  }
  friend class ConstituencyIndexBuilder;
  static std::string_view PrimaryEmail(const std::vector<ContactInfo>& contacts);
  std::string NetworkText(const Net& n) const;

  ConstituencyConfig config_;
  int64_t version_ = 0;
  std::vector<Org> orgs_;
  std::unordered_map<std::string, uint32_t> org_by_handle_;
  std::vector<ContactRecord> contacts_;
  std::unordered_map<std::string, std::vector<uint32_t>> contacts_by_email_;  // lowercase
  std::vector<uint32_t> net_contacts_;
  std::vector<Net> nets_;
  struct ViewHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::deque<std::string> strings_;  // stable: string_ids_ keys view into it
  std::string names_;
  std::unordered_map<std::string_view, uint32_t, ViewHash, std::equal_to<>> string_ids_;
  Ipv4RangeIndex v4_;
  Ipv6RangeIndex v6_;
  Ipv4RangeIndex route_v4_;  // value: origin AS
  Ipv6RangeIndex route_v6_;
  std::unordered_map<int64_t, uint32_t> net_by_asn_;
  std::unordered_map<std::string, uint32_t> net_by_domain_;
  std::vector<Peer> peers_;
  Ipv4RangeIndex peer_v4_;
  Ipv6RangeIndex peer_v6_;
  std::unordered_map<int64_t, uint32_t> peer_by_asn_;
  std::unordered_map<std::string, uint32_t> peer_by_domain_;
  std::unordered_map<std::string, uint32_t> peer_by_country_;
  // Scope
  std::unordered_set<std::string> scope_countries_, scope_orgs_;
  std::unordered_set<int64_t> scope_asns_;
  std::vector<IpRange> scope_networks_;
};

}  // namespace belfry
