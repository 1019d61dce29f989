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

std::string Time(int64_t t) { return t ? FormatIsoUtc(t * 1000000) : ""; }

std::string JsonList(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ", ";
    AppendJsonString(v[i], &out);
  }
  return out + "]";
}

std::string JsonIds(const std::vector<int64_t>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + std::to_string(v[i]);
  return out + "]";
}

bool Overdue(const Ticket& t, int64_t now) {
  if (!t.active()) return false;
  for (const auto& d : Nis2Deadlines(t.nis2))
    if (!d.done && d.due < now) return true;
  return (t.due && t.due < now) || (t.response_due && !t.first_response && t.response_due < now);
}

std::string TicketJson(const Ticket& t, const TicketConfig& cfg, int64_t now) {
  JsonObject o;
  o.Int("id", t.id)
      .Str("queue", QueueName(t.queue))
      .Str("status", t.status)
      .Str("subject", t.subject)
      .StrOrNull("organisation", t.organisation)
      .StrOrNull("sector", t.sector)
      .Raw("severity", t.severity ? std::to_string(t.severity) : "null")
      .StrOrNull("severity_label", t.severity ? SeverityName(t.severity, cfg.severity_labels) : "")
      .StrOrNull("severity_reason", t.severity_reason)
      .StrOrNull("classification", t.classification)
      .Str("tlp", t.tlp)
      .Raw("requestors", JsonList(t.requestors))
      .StrOrNull("owner", t.owner)
      .Raw("tags", JsonList(t.tags))
      .Str("created", Time(t.created))
      .Str("updated", Time(t.updated))
      .StrOrNull("response_due", Time(t.response_due))
      .StrOrNull("due", Time(t.due))
      .StrOrNull("first_response", Time(t.first_response))
      .StrOrNull("resolved", Time(t.resolved))
      .Bool("overdue", Overdue(t, now))
      .Bool("national", t.national)
      .StrOrNull("escalated_to", t.escalated_to);
  if (t.merged_into) o.Int("merged_into", t.merged_into);
  if (t.nis2.active()) {
    std::string arr = "[";
    for (const auto& d : Nis2Deadlines(t.nis2)) {
      if (arr.size() > 1) arr += ", ";
      arr += JsonObject()
                 .Str("what", d.what)
                 .Str("due", Time(d.due))
                 .StrOrNull("done", Time(d.done))
                 .Bool("overdue", !d.done && d.due < now)
                 .Done();
    }
    o.Raw("nis2", arr + "]");
  }
  return o.Done();
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
