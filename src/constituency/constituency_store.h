#pragma once
// The constituency database: organisations, their networks (IP ranges, ASNs, domains),
// contacts, and peer CSIRTs. Each record carries its origin: "manual" (entered by the team,
// e.g. `constituency import csv`) or the importer that wrote it ("ripe", "ti"). Importers
// replace only their own origin, so re-imports never touch what was entered by hand.
// Backend: SQLite (store/backends/sqlite/sqlite_constituency_store.h).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/ip_address.h"

namespace belfry {

inline constexpr std::string_view kManualOrigin = "manual";

struct OrganisationRecord {
  std::string origin;
  std::string handle;  // RIPE: the organisation id (ORG-...); manual: any stable id
  std::string name;
  std::string country;       // ISO 3166-1 alpha-2
  std::string sector;        // NIS2 sector id (sectors.h)
  std::string entity_class;  // essential | important | none
  std::string tags;          // comma-separated
  std::string abuse_c;       // RIPE: role handle of the abuse contact
};

enum class NetworkKind { kIpRange = 0, kAsn = 1, kDomain = 2, kRoute = 3 };

struct NetworkRecord {
  std::string origin;
  std::string source_class;  // RIPE object class ("inetnum", ...), "csv", "ti"
  std::string key;           // unique within origin: "192.0.2.0/24", "AS64500", "example.be"
  NetworkKind kind = NetworkKind::kIpRange;
  std::string org;   // organisation handle (constituents, other networks' owners)
  std::string peer;  // or: peer team name
  IpAddress first, last;
  int64_t asn = 0;     // kAsn; kRoute: origin AS
  std::string domain;  // kDomain, lowercase, no leading "*."
  std::string name;    // netname / as-name
  std::string country;
  std::string abuse_c;      // RIPE role handle
  std::string irt;          // RIPE mnt-irt
  std::string abuse_email;  // resolved (own contact; inheritance happens in the index)
};

struct ContactRecord {
  std::string origin;
  std::string org;      // organisation handle, or
  std::string network;  // network key (a contact for one network only)
  std::string email;
  std::string role = "abuse";  // abuse | security | noc | management
  std::string language;        // nl | fr | de | en, "" = the team's defaults
  std::string format;          // preferred data format: csv | json | xarf | iodef ...
  std::string pgp_fingerprint;
};

struct RoleRecord {  // RIPE role and irt objects: where abuse-c and mnt-irt point
  std::string origin;
  std::string handle;
  std::string email;  // abuse-mailbox (irt: else e-mail)
  std::string pgp;    // irt: signature/encryption key-cert ("PGPKEY-...")
};

struct PeerRecord {
  std::string origin;
  std::string name;  // short name, e.g. "CERT.at"
  std::string official_name;
  std::string country;
  std::string countries;  // comma-separated: countries it is responsible for
  std::string email;
  std::string pgp_fingerprint;
};

struct ConstituencyCounts {
  uint64_t organisations = 0, networks = 0, contacts = 0, peers = 0, roles = 0;
};

class ConstituencyStore {
 public:
  virtual ~ConstituencyStore() = default;

  virtual Status Begin() = 0;
  virtual Status Commit() = 0;  // also bumps Version()
  virtual Status Rollback() = 0;

  // Removes the records of `origin` that came from `source_classes` ("" classes: all).
  virtual Status DeleteOrigin(const std::string& origin,
                              const std::vector<std::string>& source_classes) = 0;
  virtual Status PutOrganisation(const OrganisationRecord& r) = 0;
  virtual Status PutNetwork(const NetworkRecord& r) = 0;
  virtual Status PutContact(const ContactRecord& r) = 0;
  virtual Status PutRole(const RoleRecord& r) = 0;
  virtual Status PutPeer(const PeerRecord& r) = 0;
  // Around a large import inside one transaction: lookup indexes are dropped, then rebuilt
  // once (much faster than maintaining them row by row). A key that occurs more than once in
  // `origin` keeps its last record.
  virtual Status BeginBulkLoad() = 0;
  virtual Status EndBulkLoad(const std::string& origin) = 0;
  // Records each of `origin`'s organisations' abuse-c mailbox as a contact of the
  // organisation. (Networks' abuse-c and mnt-irt are resolved when the index is built.)
  virtual Status ResolveAbuseEmails(const std::string& origin) = 0;

  // Changes whenever a transaction commits (from any process).
  virtual Result<int64_t> Version() = 0;
  virtual Result<ConstituencyCounts> Counts() = 0;

  virtual Status ForEachOrganisation(const std::function<void(const OrganisationRecord&)>& fn) = 0;
  virtual Status ForEachNetwork(const std::function<void(const NetworkRecord&)>& fn) = 0;
  virtual Status ForEachContact(const std::function<void(const ContactRecord&)>& fn) = 0;
  virtual Status ForEachPeer(const std::function<void(const PeerRecord&)>& fn) = 0;
  virtual Status ForEachRole(const std::function<void(const RoleRecord&)>& fn) = 0;
};

}  // namespace belfry
