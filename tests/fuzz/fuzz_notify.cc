// Fuzz target: what the notifier reads from outside: delivery status notifications that
// come back (RFC 3464, the VERP address), contacts' format strings, and the events it
// turns into CSV and X-ARF (an IntelMQ JSON event as input).
#include <cstdint>
#include <string>

#include "mail/protected_mail.h"
#include "model/event_json.h"
#include "notify/bounce_handler.h"
#include "notify/event_formats.h"
#include "notify/notifier.h"
#include "notify/notify_plan.h"
#include "share/xarf_report.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto d = belfry::ParseDsn(text)) {
    if (d->final_recipient.size() > text.size()) __builtin_trap();
  }
  (void)belfry::BouncedNotification(text);
  (void)belfry::ParseBounceAddress(text.substr(0, 512));
  (void)belfry::ParseContactFormat(text.substr(0, 256));
  auto split = belfry::SplitTopEntity(text);
  if (split.headers.size() + split.entity.size() > text.size() + 1) __builtin_trap();
  if (auto e = belfry::ParseEventJson(text.substr(0, 65536))) {
    std::vector<const belfry::Event*> events = {&*e};
    std::string csv = belfry::EventsCsv(events, ';');
    if (csv.empty()) __builtin_trap();
    (void)belfry::EventsJson(events);
    (void)belfry::XarfReport(*e, {"Example CERT", "cert@example.be", "example.be"},
                             "00000000-0000-4000-8000-000000000000", 1795950000);
    (void)belfry::FindingOf(*e, 1795950000);
  }
  return 0;
}
