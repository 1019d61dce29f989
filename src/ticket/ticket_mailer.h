#pragma once
// Mail that leaves on a ticket: composed under the ticket's subject tag with our own
// Message-ID, threaded to the correspondent's last message, recorded on the ticket and
// queued in the outbox in the same transaction (outbox_sender.h delivers it).

#include <string>
#include <vector>

#include "mail/outbound_mail.h"
#include "ticket/mail_templates.h"
#include "ticket/tracker.h"

namespace belfry {

class TicketMailer {
 public:
  TicketMailer(Tracker* tracker, const MailTemplates& templates)
      : tracker_(tracker), templates_(templates) {}

  // Inside an open transaction. Sets From, the tagged subject, Message-ID, Date; returns the
  // outbox id.
  Result<int64_t> QueueLocked(Ticket* t, OutgoingMail mail, const std::string& actor);
  // QueueLocked in two steps, for mail composed elsewhere (signed in parallel by the
  // notifier): Prepare sets the headers; Record files the composed `raw` on the ticket and
  // queues it, with `sender` as the envelope sender ("" = [mail] from).
  void PrepareLocked(const Ticket& t, OutgoingMail* mail) const;
  Result<int64_t> RecordLocked(Ticket* t, const OutgoingMail& mail, std::string raw,
                               const std::string& sender, const std::string& actor);
  // `ticket reply`: to the ticket's requestors (or `to`), threaded to their last message.
  Result<int64_t> Reply(int64_t id, const std::string& text, const std::vector<std::string>& to,
                        const std::string& actor);
  // A new critical ticket outside business hours: page the on-duty contact.
  Result<int64_t> PageOnDutyLocked(Ticket* t);

  const MailTemplates& templates() const { return templates_; }
  Tracker* tracker() { return tracker_; }

 private:
  Tracker* tracker_;
  const MailTemplates& templates_;
};

// 16 random hex digits (Message-IDs).
std::string RandomToken();

}  // namespace belfry
