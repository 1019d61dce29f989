// The run summary of `belfry notify run`, as text and as JSON (--json, and the stored run).

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/date_time.h"
#include "core/json_object.h"
#include "notify/notifier.h"

namespace belfry {

namespace {

std::string CountsJson(const NotifyCounts& c) {
  return JsonObject()
      .Int("stale", static_cast<int64_t>(c.stale))
      .Int("tlp", static_cast<int64_t>(c.tlp))
      .Int("excluded", static_cast<int64_t>(c.excluded))
      .Int("inhibited", static_cast<int64_t>(c.inhibited))
      .Int("repeats", static_cast<int64_t>(c.repeats))
      .Int("already_sent", static_cast<int64_t>(c.already_sent))
      .Int("damaged", static_cast<int64_t>(c.damaged))
      .Done();
}

std::string HeldJson(const NotifyCounts& c) {
  return JsonObject()
      .Int("period", static_cast<int64_t>(c.held_period))
      .Int("min_count", static_cast<int64_t>(c.held_min_count))
      .Int("recipient_failing", static_cast<int64_t>(c.held_failing))
      .Done();
}

std::string StrList(const std::vector<std::string>& v) {
  std::string out = "[";
  for (const auto& s : v) {
    if (out.size() > 1) out += ", ";
    AppendJsonString(s, &out);
  }
  return out + "]";
}

}  // namespace

std::string NotifySummary::ToJson() const {
  std::string mails_json = "[";
  for (const auto& m : planned) {
    if (mails_json.size() > 1) mails_json += ", ";
    JsonObject o;
    if (m.notification) o.Int("notification", m.notification);
    if (m.ticket) o.Int("ticket", m.ticket);
    if (m.outbox) o.Int("outbox", m.outbox);
    mails_json += o.Str("recipient", m.recipient)
                      .Str("route", m.route)
                      .Str("organisation", m.organisation)
                      .Str("classification", m.classification)
                      .Str("group", m.group_key)
                      .Str("format", m.format)
                      .Raw("languages", StrList(m.languages))
                      .Int("events", static_cast<int64_t>(m.events))
                      .Bool("signed", m.signed_mail)
                      .Bool("encrypted", m.encrypted)
                      .Bool("nis2", m.nis2)
                      .Done();
  }
  mails_json += "]";
  return JsonObject()
      .Bool("dry_run", dry_run)
      .Str("started", FormatIsoUtc(started * 1000000))
      .Int("groups", static_cast<int64_t>(groups))
      .Int("mails", static_cast<int64_t>(mails))
      .Int("events_notified", static_cast<int64_t>(events_notified))
      .Int("signed", static_cast<int64_t>(signed_mails))
      .Int("encrypted", static_cast<int64_t>(encrypted))
      .Str("signing", signing)
      .Raw("skipped", CountsJson(counts))
      .Raw("held", HeldJson(counts))
      .Raw("waiting_for_officer",
           JsonObject()
               .Int("triage", static_cast<int64_t>(counts.waiting_triage))
               .Int("unrouted", static_cast<int64_t>(counts.waiting_unrouted))
               .Int("no_recipient", static_cast<int64_t>(counts.no_recipient))
               .Done())
      .Raw("mail", mails_json)
      .Raw("problems", StrList(problems))
      .Done();
}

std::string NotifySummary::ToText() const {
  std::string out;
  if (dry_run) {
    out += fmt::format("notify (dry run): {} mail(s) would go, nothing sent\n", groups);
    for (const auto& m : planned)
      out += fmt::format("  would mail {} ({} {}): {} event(s) of {}, {}, {}{}{}{}\n", m.recipient,
                         m.route, m.organisation.empty() ? "-" : m.organisation, m.events,
                         m.classification.empty() ? "unknown" : m.classification, m.format,
                         fmt::join(m.languages, "+"), m.signed_mail ? ", signed" : "",
                         m.encrypted ? ", encrypted" : "", m.nis2 ? ", NIS2: at once" : "");
  } else {
    out += fmt::format(
        "notify: {} group(s), {} mail(s) queued ({} signed, {} encrypted), {} event(s) notified\n",
        groups, mails, signed_mails, encrypted, events_notified);
    for (const auto& m : planned)
      out += fmt::format("  #{} -> {} ({}): {} event(s) of {}, ticket #{}\n", m.notification,
                         m.recipient, m.route, m.events,
                         m.classification.empty() ? "unknown" : m.classification, m.ticket);
  }
  out += fmt::format(
      "skipped: {} stale, {} by TLP, {} inhibited, {} excluded, {} repeat(s) within the "
      "re-notification interval; {} already sent\n",
      counts.stale, counts.tlp, counts.inhibited, counts.excluded, counts.repeats,
      counts.already_sent);
  out += fmt::format(
      "held for later: {} (period not over), {} (below minimum count), {} (recipient failing)\n",
      counts.held_period, counts.held_min_count, counts.held_failing);
  out += fmt::format(
      "waiting for the officer: {} triage, {} unrouted, {} without a recipient address\n",
      counts.waiting_triage, counts.waiting_unrouted, counts.no_recipient);
  out += fmt::format("signing: {}\n", signing);
  for (const auto& p : problems) out += fmt::format("problem: {}\n", p);
  return out;
}

}  // namespace belfry
