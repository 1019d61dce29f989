#include "app/ticket_output.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "app/services.h"
#include "core/date_time.h"
#include "core/json_object.h"
#include "ticket/outbox_sender.h"

namespace belfry {

std::string Actor() {
  for (const char* var : {"BELFRY_USER", "USER", "LOGNAME"}) {
    const char* v = std::getenv(var);
    if (v && *v) return v;
  }
  return "cli";
}

std::string Tag(const TicketConfig& cfg, int64_t id) { return fmt::format("[{} #{}]", cfg.subject_tag, id); }


// Delivers what is queued, before the command returns; mail that cannot go yet stays queued.
int DeliverOutboxNow(Services& s, bool quiet_ok, bool ignore_backoff) {
  std::fflush(stdout);  // what the command printed comes before the delivery summary
  auto store = s.tickets();
  auto transport = s.transport();
  if (!store || !transport) {
    fmt::print(stderr, "belfry: mail stays queued: {}\n",
               (!store ? store.error() : transport.error()).message());
    return kExitFailure;
  }
  auto sum = DeliverOutbox(*store, *transport, s.clock(), 100000, ignore_backoff,
                           s.config().notify.per_domain_per_minute);
  if (!sum) {
    fmt::print(stderr, "belfry: mail stays queued: {}\n", sum.error().message());
    return kExitFailure;
  }
  if (!quiet_ok || sum->sent || !sum->problems.empty())
    fmt::print(stderr, "mail: {} sent, {} deferred, {} failed, {} uncertain via {}{}\n", sum->sent,
               sum->deferred, sum->failed, sum->uncertain, (*transport)->Describe(),
               sum->rate_limited ? fmt::format("; {} wait for the per-domain rate limit (`belfry "
                                               "run` or `belfry outbox send` delivers them)",
                                               sum->rate_limited)
                                 : "");
  for (const auto& p : sum->problems) fmt::print(stderr, "mail: {}\n", p);
  return sum->failed || sum->uncertain ? kExitFailure : kExitOk;
}

void DeliverQueuedMail(Services& s) {
  auto store = s.tickets();
  auto transport = s.transport();
  if (!store || !transport) {
    spdlog::warn("outbox: {}", (!store ? store.error() : transport.error()).message());
    return;
  }
  auto sum = DeliverOutbox(*store, *transport, s.clock(), 100000, false,
                           s.config().notify.per_domain_per_minute);
  if (!sum) {
    spdlog::warn("outbox: {}", sum.error().message());
    return;
  }
  if (sum->sent) spdlog::info("outbox: {} mail(s) sent via {}", sum->sent, (*transport)->Describe());
  for (const auto& p : sum->problems) spdlog::warn("outbox: {}", p);
}

// A national incident: every constituent organisation of the ticket's sector, to inform.
std::vector<std::pair<std::string, std::string>> SectorOrganisations(Services& s, const Ticket& t) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!t.national || t.sector.empty()) return out;
  auto cs = s.constituency_store();
  if (!cs) return out;
  (void)(*cs)->ForEachOrganisation([&](const OrganisationRecord& o) {
    if (o.sector == t.sector) out.emplace_back(o.handle, o.name);
  });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace belfry
