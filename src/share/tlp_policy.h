#pragma once
// The one place that decides, for each recipient, what may leave (TLP 2.0, FIRST): every
// exit - exports, pushes to MISP, notifications, the API and the console - asks it.
//
//   RED           only to its named recipients
//   AMBER+STRICT  only to the organisation the data concerns
//   AMBER         to the organisation concerned and to peer teams (their organisation and
//                 clients, on a need-to-know), never to a community or the public
//   GREEN         within the community: constituents, peer teams, the community
//   CLEAR         anywhere

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/tlp.h"

namespace belfry {

enum class RecipientKind {
  kPublic,       // anyone (a web page, an open feed)
  kCommunity,    // a sharing community (e.g. the CSIRTs Network's MISP)
  kPeerTeam,     // another CSIRT
  kConstituent,  // an organisation of our constituency
  kNamed,        // a person or team named for this piece of data
};

struct Recipient {
  RecipientKind kind = RecipientKind::kPublic;
  std::string name;  // the organisation's handle, the team's or person's name
};

struct TlpVerdict {
  bool allowed = false;
  std::string reason;  // why not ("" when allowed)
};

// May data labelled `tlp`, concerning organisation `concerns` ("" = none in particular),
// go to `to`? `red_recipients`: who a RED item was given for (its named recipients).
TlpVerdict MayShare(Tlp tlp, const Recipient& to, std::string_view concerns = "",
                    const std::vector<std::string>& red_recipients = {});

// "public", "community", "peer:NAME", "org:HANDLE", "named:NAME"; nullopt otherwise.
std::optional<Recipient> ParseRecipient(std::string_view text);
std::string RecipientName(const Recipient& r);

}  // namespace belfry
