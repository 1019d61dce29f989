#pragma once
// `belfry notify run`: the pending events become one Investigation and one mail per group
// (notify_plan.h), signed with the team key and encrypted to the recipient's key when on
// file, queued in the outbox with a VERP envelope sender (bounces+<notification>@...).
// Exactly once: the investigation, the queued mail, the notification and the sent ledger
// are written in one transaction; the events' state is set after it, and a run that finds
// events already in the ledger only marks them. Signing runs on several GPGME contexts in
// parallel (gpg is a process per signature).

#include <cstdint>
#include <string>
#include <vector>

#include "constituency/constituency_index.h"
#include "core/clock.h"
#include "notify/notify_config.h"
#include "notify/notify_plan.h"
#include "notify/notify_store.h"
#include "store/event_store.h"
#include "ticket/ticket_mailer.h"
#include "ticket/tracker.h"

namespace belfry {

struct NotifyOptions {
  bool dry_run = false;
  int64_t since = 0;  // only events received at or after this time (seconds)
  std::string actor = "notify";
};

struct PlannedMail {
  int64_t notification = 0, ticket = 0, outbox = 0;
  std::string recipient, route, organisation, classification, group_key, format;
  std::vector<std::string> languages;
  size_t events = 0;
  bool signed_mail = false, encrypted = false, nis2 = false;
};

struct NotifySummary {
  int64_t started = 0, finished = 0;
  bool dry_run = false;
  size_t groups = 0, mails = 0, events_notified = 0, signed_mails = 0, encrypted = 0;
  NotifyCounts counts;
  std::string signing;  // "ed25519 key 0123..." or "unsigned: no [notify] signing_key"
  std::vector<PlannedMail> planned;
  std::vector<std::string> problems;

  std::string ToJson() const;
  std::string ToText() const;
};

struct NotifierDeps {
  const NotifyConfig* config = nullptr;
  const MailConfig* mail = nullptr;
  EventStore* events = nullptr;
  NotifyStore* store = nullptr;  // the tracker's database (same transactions)
  Tracker* tracker = nullptr;
  TicketMailer* mailer = nullptr;
  const ConstituencyIndex* index = nullptr;
  const Clock* clock = nullptr;
};

class Notifier {
 public:
  explicit Notifier(const NotifierDeps& deps) : d_(deps) {}
  Result<NotifySummary> Run(const NotifyOptions& options);

  // The VERP envelope sender of a notification, and the notification of a bounce address.
  std::string BounceAddress(int64_t notification) const;

 private:
  NotifierDeps d_;
};

// The notification id in a VERP address ("bounces+42@example.be" -> 42).
std::optional<int64_t> ParseBounceAddress(std::string_view address);

}  // namespace belfry
