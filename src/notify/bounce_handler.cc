#include "notify/bounce_handler.h"

#include <fmt/format.h>

#include "core/text.h"
#include "mail/verp.h"
#include "notify/notifier.h"

namespace belfry {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// "rfc822; user@example.be" -> "user@example.be".
std::string AddressPart(std::string_view v) {
  size_t semi = v.find(';');
  if (semi != std::string_view::npos) v = v.substr(semi + 1);
  v = Trim(v);
  if (!v.empty() && v.front() == '<') v.remove_prefix(1);
  if (!v.empty() && v.back() == '>') v.remove_suffix(1);
  return AsciiLowerCopy(v);
}

}  // namespace

std::string DsnInfo::Summary() const {
  return fmt::format("{} {}{}{}", status.empty() ? "-" : status, action.empty() ? "-" : action,
                     diagnostic.empty() ? "" : ": ", diagnostic);
}

std::optional<DsnInfo> ParseDsn(std::string_view raw) {
  // The delivery-status part is plain 7-bit text; its per-recipient fields are unique to it.
  size_t pos = 0;
  DsnInfo d;
  bool any = false;
  std::string_view last_key;
  while (pos < raw.size()) {
    size_t nl = raw.find('\n', pos);
    if (nl == std::string_view::npos) nl = raw.size();
    std::string_view line = raw.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      if (last_key == "diagnostic-code") d.diagnostic += " " + std::string(Trim(line));
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      last_key = {};
      continue;
    }
    std::string key = AsciiLowerCopy(Trim(line.substr(0, colon)));
    std::string_view value = Trim(line.substr(colon + 1));
    last_key = {};
    if (key == "final-recipient" && d.final_recipient.empty()) {
      d.final_recipient = AddressPart(value);
      any = true;
    } else if (key == "action" && d.action.empty() && any) {
      d.action = AsciiLowerCopy(value);
    } else if (key == "status" && d.status.empty() && any) {
      d.status = std::string(value.substr(0, value.find(' ')));
    } else if (key == "diagnostic-code" && d.diagnostic.empty() && any) {
      d.diagnostic = std::string(value);
      last_key = "diagnostic-code";
    }
  }
  if (!any || (d.action.empty() && d.status.empty())) return std::nullopt;
  return d;
}

std::optional<int64_t> BouncedNotification(std::string_view raw) {
  for (std::string_view field : EnvelopeRecipientFields(raw))
    if (auto id = ParseBounceAddress(field)) return id;
  return std::nullopt;
}

Result<BounceOutcome> TakeBounce(NotifyStore* store, Tracker* tracker, EventStore* events,
                                 int64_t notification, const DsnInfo& dsn, int64_t now) {
  auto n = store->GetNotification(notification);
  if (!n) return Fail(n.error());
  if (!*n)
    return Fail(Error::NotFound(fmt::format("a bounce for notification {}, which does not exist",
                                            notification)));
  BounceOutcome out;
  out.notification = notification;
  out.ticket = (*n)->ticket_id;
  out.recipient = (*n)->recipient;
  out.permanent = dsn.permanent();
  const std::string reason = dsn.Summary();
  std::vector<int64_t> returned;
  BELFRY_RETURN_IF_ERROR(tracker->Transaction([&]() -> Status {
    if (out.permanent && (*n)->state != "bounced") {
      BELFRY_RETURN_IF_ERROR(store->MarkFailing((*n)->recipient, now, notification, reason));
      auto ids = store->TakeBackSent(notification);
      if (!ids) return Fail(ids.error());
      returned = std::move(*ids);
      NotificationRecord r = **n;
      r.state = "bounced";
      r.bounce = reason;
      BELFRY_RETURN_IF_ERROR(store->UpdateNotification(r));
    }
    if ((*n)->ticket_id) {
      BELFRY_RETURN_IF_ERROR(tracker->HistoryLocked(
          (*n)->ticket_id, "mail", out.permanent ? "bounce" : "delay", "notification",
          std::to_string(notification),
          fmt::format("{}: {}{}", (*n)->recipient, reason,
                      out.permanent ? fmt::format("; {} event(s) back to not notified",
                                                  returned.size())
                                    : "")));
    }
    return Ok();
  }));
  BELFRY_RETURN_IF_ERROR(events->SetNotifyState(returned, NotifyState::kPending));
  out.events_returned = returned.size();
  out.note = out.permanent
                 ? fmt::format("notification #{} to {} bounced ({}): recipient marked failing, "
                               "{} event(s) back to not notified",
                               notification, out.recipient, reason, returned.size())
                 : fmt::format("notification #{} to {} delayed ({})", notification,
                               out.recipient, reason);
  return out;
}

}  // namespace belfry
