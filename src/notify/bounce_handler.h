#pragma once
// Bounces of notifications. Each notification leaves with its own envelope sender
// (bounces+<notification>@..., VERP), so a delivery status notification (RFC 3464) that
// comes back names the notification, hence the recipient and the events. A permanent
// failure marks the recipient failing (`belfry notify failing`), records it on the
// investigation, and puts the events back to "not notified": the next run sends them to
// the organisation's next contact, or leaves them for the officer.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "notify/notify_store.h"
#include "store/event_store.h"
#include "ticket/tracker.h"

namespace belfry {

struct DsnInfo {
  std::string action;           // failed | delayed | delivered | relayed | expanded
  std::string status;           // "5.1.1"
  std::string final_recipient;  // the address only
  std::string diagnostic;       // Diagnostic-Code, as given
  bool permanent() const { return action == "failed" || (!status.empty() && status[0] == '5'); }
  // "5.1.1 failed: smtp; 550 5.1.1 mailbox unknown" (what is recorded and logged).
  std::string Summary() const;
};

// The first per-recipient block of the message/delivery-status part of `raw` (pure; a
// mail without one gives nullopt).
std::optional<DsnInfo> ParseDsn(std::string_view raw);
// The notification a bounce is addressed to: the VERP address in To, Delivered-To,
// X-Original-To or Envelope-To.
std::optional<int64_t> BouncedNotification(std::string_view raw);

struct BounceOutcome {
  int64_t notification = 0;
  int64_t ticket = 0;
  std::string recipient;
  bool permanent = false;
  size_t events_returned = 0;
  std::string note;
};

Result<BounceOutcome> TakeBounce(NotifyStore* store, Tracker* tracker, EventStore* events,
                                 int64_t notification, const DsnInfo& dsn, int64_t now);

}  // namespace belfry
