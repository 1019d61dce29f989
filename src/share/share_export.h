#pragma once
// One export for every exit (the CLI's `belfry export`, the API's and the console's share
// action, pushes to a MISP instance): the events of a query or of a ticket, each checked by
// the TLP policy for the recipient, written as MISP, STIX 2.1, IODEF v2 or X-ARF v4 while
// they are read. A ticket's TLP travels with its evidence: each event goes out under the
// stricter of its own label and its ticket's (the reporter's wish, unless an analyst
// lowered the ticket's TLP, which its history records). Sharing an incident takes the
// evidence of the reports linked to it too, each event under its own report's label.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "constituency/constituency_index.h"
#include "core/result.h"
#include "model/tlp.h"
#include "share/tlp_policy.h"
#include "store/event_store.h"
#include "ticket/ticket_store.h"

namespace belfry {

inline constexpr std::string_view kShareFormats[] = {"misp", "stix", "iodef", "xarf"};
bool IsShareFormat(std::string_view format);
// A recipient as operators name it: public, community, peer:NAME, org:HANDLE, named:NAME,
// or a bare name - an organisation of the constituency (`index`, may be null) by its
// handle, else a peer team. nullopt for anything else.
std::optional<Recipient> ResolveRecipient(std::string_view text, const ConstituencyIndex* index);
// The media type of a format's document.
std::string_view ShareMediaType(std::string_view format);

struct ShareRequest {
  std::string format;   // one of kShareFormats
  Recipient to;
  EventQuery query;     // the filters of `events search`
  int64_t ticket = 0;   // its evidence and that of the reports linked to it (0: the query)
  std::string info;     // the document's title ("" = made up)
  size_t limit = SIZE_MAX;  // at most this many events are read
  std::string actor;        // who shares: a ticket's history records each share
  int misp_distribution = -1;  // MISP's level (-1: from the recipient)
  bool misp_objects = false;   // MISP objects (ip-port, file, url) where MISP has them
  int64_t misp_sharing_group = 0;
};

struct SharingTeam {
  std::string name, mail, website;
};

struct ShareOutcome {
  uint64_t shared = 0;    // events written
  uint64_t withheld = 0;  // events the recipient may not have
  uint64_t skipped = 0;   // events with nothing the format can carry (no observable)
  uint64_t items = 0;     // MISP attributes, STIX indicators, IODEF incidents, X-ARF reports
  std::string uuid;       // the MISP event's UUID (stable per ticket)
  std::vector<DamagedEvent> damaged;
};

// Writes the document to `sink` as the events are read. `tickets` may be null when the
// request names no ticket.
Result<ShareOutcome> ExportShared(const ShareRequest& request, EventStore& events,
                                  TicketStore* tickets, const SharingTeam& team, int64_t now,
                                  const std::function<void(std::string_view)>& sink);

// The TLP an event goes out under: its own label (AMBER when it has none, RED when it
// cannot be read), raised to `floor` (its ticket's).
Tlp EffectiveTlp(const Event& e, Tlp floor);

}  // namespace belfry
