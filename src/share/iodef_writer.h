#pragma once
// IODEF v2 (RFC 7970) XML written while the events are read: one <Incident> per event, so
// that each carries its own TLP as IODEF's restriction (CLEAR is "white"; AMBER+STRICT,
// which IODEF lacks, is restriction="ext-value" ext-restriction="amber+strict") and a
// million events cost the memory of one. Each incident names the event, the ticket it
// belongs to (RelatedActivity), its RSIT class (IncidentCategory), our team as creator,
// and the event's systems: addresses, URL (site-uri), domain, ASN, port and protocol;
// malware hashes go in AdditionalData (IODEF's own hash form needs XML Signature types).

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "model/event.h"
#include "model/tlp.h"

namespace belfry {

struct IodefHeader {
  std::string team_name, team_mail;
  std::string domain;     // IncidentID's name: our team's domain
  std::string ticket_id;  // "BELFRY-1234" when sharing a ticket, else ""
  int64_t now_seconds = 0;
};

class IodefWriter {
 public:
  using Sink = std::function<void(std::string_view)>;
  IodefWriter(IodefHeader header, Sink sink);

  void Begin();
  void Add(const Event& e, int64_t id, Tlp tlp);
  void Finish();

  uint64_t incidents() const { return incidents_; }

 private:
  IodefHeader h_;
  Sink sink_;
  std::string buf_, generated_;
  uint64_t incidents_ = 0;
};

// Text for XML character data and attribute values: &, <, >, " escaped; characters XML 1.0
// cannot carry (controls other than tab and newlines) replaced by U+FFFD.
void AppendXmlText(std::string_view text, std::string* out);

}  // namespace belfry
