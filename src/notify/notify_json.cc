#include "notify/notify_json.h"

#include "core/date_time.h"
#include "core/json_object.h"

namespace belfry {

namespace {
std::string When(int64_t t) { return t ? FormatIsoUtc(t * 1000000) : "-"; }
}  // namespace

std::string NotificationJson(const NotificationRecord& n) {
  return JsonObject()
      .Int("id", n.id)
      .Str("recipient", n.recipient)
      .Str("route", n.route)
      .Str("organisation", n.organisation)
      .Str("classification", n.classification)
      .Str("format", n.format)
      .Int("ticket", n.ticket_id)
      .Int("outbox", n.outbox_id)
      .Str("created", When(n.created))
      .Int("events", n.events)
      .Bool("signed", n.signed_mail)
      .Bool("encrypted", n.encrypted)
      .Str("state", n.state)
      .StrOrNull("bounce", n.bounce)
      .Done();
}

std::string InhibitionJson(const Inhibition& i) {
  return JsonObject()
      .Int("id", i.id)
      .StrOrNull("organisation", i.organisation)
      .StrOrNull("classification", i.classification)
      .StrOrNull("identifier", i.identifier)
      .StrOrNull("network", i.network)
      .StrOrNull("until", i.until ? When(i.until) : "")
      .Str("reason", i.reason)
      .Str("actor", i.actor)
      .Str("created", When(i.created))
      .Done();
}

std::string FailingJson(const FailingRecipient& f) {
  return JsonObject()
      .Str("address", f.address)
      .Str("since", When(f.since))
      .Str("last", When(f.last))
      .Int("bounces", f.bounces)
      .Int("notification", f.notification)
      .Str("reason", f.reason)
      .Done();
}

std::string NotifyRunJson(const NotifyRunRecord& r) {
  return JsonObject()
      .Int("id", r.id)
      .Str("started", When(r.started))
      .Str("finished", When(r.finished))
      .Raw("summary", r.summary_json.empty() ? "null" : r.summary_json)
      .Done();
}

}  // namespace belfry
