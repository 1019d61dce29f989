#include "ticket/ticket_store.h"

namespace belfry {

std::string_view DirectionName(MessageDirection d) {
  switch (d) {
    case MessageDirection::kInbound: return "in";
    case MessageDirection::kOutbound: return "out";
    case MessageDirection::kComment: return "comment";
  }
  return "in";
}

bool OutboxMail::settled() const {
  for (const auto& r : recipients)
    if (r.state == "pending" || r.state == "sending") return false;
  return attempt_started == 0;
}

std::string OutboxMail::state() const {
  size_t sent = 0, failed = 0, uncertain = 0, pending = 0;
  for (const auto& r : recipients) {
    if (r.state == "sent") ++sent;
    else if (r.state == "failed") ++failed;
    else if (r.state == "uncertain") ++uncertain;
    else ++pending;
  }
  if (pending) return "pending";
  if (uncertain) return "uncertain";
  if (failed && sent) return "partial";
  if (failed) return "failed";
  return "sent";
}

}  // namespace belfry
