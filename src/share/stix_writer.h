#pragma once
// A STIX 2.1 bundle written while the events are read, so that a million events cost the
// memory of one. Each event becomes its cyber observables (ipv4-addr/ipv6-addr, domain-name,
// url, file with hashes, autonomous-system; ids are STIX's deterministic version-5 UUIDs),
// an observed-data holding them, an indicator whose STIX pattern matches them, and a sighting
// of that indicator by our team. The bundle ends with the incident, a report linking
// everything (its object_refs spooled to a temporary file, not kept in memory), our team's
// identity and the TLP 2.0 marking definitions used (the fixed objects of the OASIS TLP 2.0
// extension); every object carries its event's marking.

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "model/event.h"
#include "model/tlp.h"

namespace belfry {

struct StixBundleHeader {
  std::string team_name;     // our identity's name
  std::string team_contact;  // its contact_information
  std::string name;          // the incident's and the report's name
  std::string key;           // makes the incident's and the report's ids (stable per ticket)
  int64_t now_seconds = 0;   // created/modified/published
};

class StixBundleWriter {
 public:
  using Sink = std::function<void(std::string_view)>;
  StixBundleWriter(StixBundleHeader header, Sink sink);
  ~StixBundleWriter();
  StixBundleWriter(const StixBundleWriter&) = delete;
  StixBundleWriter& operator=(const StixBundleWriter&) = delete;

  Status Begin();
  // One stored event; `id` names it (stable object ids); `tlp` is the label it goes out
  // under. False when it has no observable.
  bool Add(const Event& e, int64_t id, Tlp tlp);
  Status Finish();

  uint64_t indicators() const { return indicators_; }
  Tlp tlp() const { return tlp_; }

 private:
  void Object(const std::string& json);
  void Ref(std::string_view id);

  StixBundleHeader h_;
  Sink sink_;
  std::string refs_;
  std::string identity_id_, created_, common_;
  std::string markings_[5];  // `, "object_marking_refs": [...]}` per TLP: closes an object
  std::string out_, refs_of_event_, pattern_, canon_, key_;  // reused for each event
  FILE* spool_ = nullptr;  // the report's object_refs
  uint64_t objects_ = 0, indicators_ = 0;
  Tlp tlp_ = Tlp::kClear;
  bool used_[5] = {};
};

// A STIX 2.1 identifier with a version-5 UUID of `name` in `namespace_uuid` (RFC 9562 5.5).
std::string StixId(std::string_view type, std::string_view namespace_uuid, std::string_view name);
// The id of a cyber observable from its ID contributing properties, as STIX 2.1 section
// 2.9 says: UUIDv5 in namespace 00abedb4-aa42-466c-9c01-fed23315a9b7 of their canonical JSON.
std::string StixObservableId(std::string_view type, std::string_view canonical_json);
// TLP 2.0 marking definition id (OASIS extension-definition--60a3c5c5-...).
std::string_view StixTlpMarking(Tlp tlp);
// A STIX pattern string literal: quotes and backslashes escaped.
std::string StixPatternString(std::string_view value);

}  // namespace belfry
