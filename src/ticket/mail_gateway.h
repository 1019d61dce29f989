#pragma once
// The mail gateway: one inbound message becomes correspondence on the ticket it answers
// (our subject tag, or In-Reply-To/References naming a message we sent or received), joins
// a report about the same thing (a phishing wave reported by many citizens is one ticket),
// or opens a new Incident Report. Exactly once: a message already taken (same Message-ID
// or same bytes) is recognised and not taken again. Loops are cut: our own mail coming
// back is dropped, and auto-replies and bounces never open tickets.

#include <string>
#include <string_view>
#include <vector>

#include "mail/inbound_mail.h"
#include "ticket/ticket_mailer.h"
#include "ticket/tracker.h"

namespace belfry {

enum class GatewayAction {
  kNewReport,  // opened an Incident Report
  kAdded,      // added to an existing ticket
  kGrouped,    // joined a report about the same thing
  kDuplicate,  // taken before
  kLoop,       // our own mail came back
  kIgnored,    // automatic mail (auto-reply, bounce, list) that answers no ticket
};
std::string_view GatewayActionName(GatewayAction a);

struct GatewayResult {
  GatewayAction action = GatewayAction::kNewReport;
  int64_t ticket = 0;
  std::string note;
  std::vector<AbuseReport> reports;  // ARF / X-ARF reports found (events for the store)
  std::string from;                  // the sender's address
};

class MailGateway {
 public:
  MailGateway(Tracker* tracker, TicketMailer* mailer) : tracker_(tracker), mailer_(mailer) {}

  Result<GatewayResult> Take(std::string_view raw);

 private:
  Result<std::optional<int64_t>> Thread(const InboundMail& mail);
  std::string Fingerprint(const InboundMail& mail) const;

  Tracker* tracker_;
  TicketMailer* mailer_;
};

// The RSIT type an abuse report's own type means ("login-attack" -> "brute-force").
std::string ClassifyAbuseReport(const AbuseReport& r);

}  // namespace belfry
