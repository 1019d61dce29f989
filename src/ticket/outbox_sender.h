#pragma once
// Delivers the outbox: every queued mail to each of its recipients, once. A recipient is
// marked "sending" (committed) before the transport is called and settled after; a 4xx or
// a connection error retries it with back-off (1 min, 5 min, 15 min, 1 h, then every 4 h,
// for up to three days), a 5xx fails it. After a crash, a recipient left "sending" is
// looked up in the Maildir (delivered or not), or, over SMTP where nobody can tell, marked
// "uncertain" and shown, never sent twice.

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "mail/mail_transport.h"
#include "ticket/ticket_store.h"

namespace belfry {

struct DeliverySummary {
  int sent = 0, deferred = 0, failed = 0, uncertain = 0;
  int rate_limited = 0;  // held back by the per-domain rate limit (next minute)
  std::vector<std::string> problems;  // one line per recipient not sent
};

inline constexpr int64_t kOutboxGiveUpSeconds = 3 * 24 * 3600;
// A recipient "sending" for longer than this was left by a process that stopped (a live
// delivery gives up after 80 s).
inline constexpr int64_t kSendingStaleSeconds = 300;

// `ignore_backoff`: also recipients whose next attempt is later (after an outage is fixed:
// `belfry outbox send --all`). `per_domain_per_minute` (0 = no limit): at most that many
// recipients of one domain a minute; the others wait for the next minute.
Result<DeliverySummary> DeliverOutbox(TicketStore* store, MailTransport* transport,
                                      const Clock& clock, size_t limit = 10000,
                                      bool ignore_backoff = false,
                                      int64_t per_domain_per_minute = 0);
// The key a recipient's delivery is known by (Maildir file names).
std::string DeliveryKey(int64_t outbox_id, const std::string& recipient);
// Puts a failed or uncertain recipient back in the queue (`belfry outbox retry`).
Status RetryRecipient(TicketStore* store, int64_t outbox_id, const std::string& recipient,
                      int64_t now);

}  // namespace belfry
