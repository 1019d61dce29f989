#include "ticket/mail_gateway.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "core/digest.h"
#include "core/text.h"
#include "mail/subject_tag.h"
#include "model/taxonomy.h"

namespace belfry {
namespace {

TicketMessage ToMessage(const InboundMail& m, const std::string& sha) {
  TicketMessage out;
  out.direction = MessageDirection::kInbound;
  out.message_id = m.message_id;
  out.in_reply_to = m.in_reply_to;
  out.references = fmt::format("{}", fmt::join(m.references, " "));
  out.from = m.from;
  out.to = fmt::format("{}", fmt::join(m.to, ", "));
  out.cc = fmt::format("{}", fmt::join(m.cc, ", "));
  out.subject = m.subject;
  out.body = m.text;
  if (m.pgp != "none") out.body = fmt::format("[OpenPGP: {}{}]\n{}", m.pgp,
                                              m.pgp_signer.empty() ? "" : " " + m.pgp_signer,
                                              out.body);
  out.raw_sha256 = sha;
  out.actor = "mail";
  for (const auto& a : m.attachments) out.attachments.push_back({0, a.name, a.content_type, a.data});
  return out;
}

bool MentionsNis2(std::string_view subject) {
  std::string s = AsciiLowerCopy(subject);
  return s.find("nis2") != std::string::npos || s.find("nis 2") != std::string::npos;
}

}  // namespace

std::string_view GatewayActionName(GatewayAction a) {
  switch (a) {
    case GatewayAction::kNewReport: return "new-report";
    case GatewayAction::kAdded: return "added";
    case GatewayAction::kGrouped: return "grouped";
    case GatewayAction::kDuplicate: return "duplicate";
    case GatewayAction::kLoop: return "loop";
    case GatewayAction::kIgnored: return "ignored";
  }
  return "added";
}

std::string ClassifyAbuseReport(const AbuseReport& r) {
  std::string t = AsciiLowerCopy(r.type);
  for (char& c : t)
    if (c == '_') c = '-';
  if (t == "abuse" || t == "spam" || t == "auth-failure") return "spam";
  if (t == "fraud" || t == "phishing") return "phishing";
  if (t == "virus" || t == "malware") return "malware-distribution";
  if (t == "login-attack" || t == "bruteforce" || t == "brute-force") return "brute-force";
  if (t == "port-scan" || t == "portscan" || t == "scan") return "scanner";
  if (t == "ddos") return "ddos";
  if (t == "botnet" || t == "bot") return "infected-system";
  if (t == "open-service" || t == "openservice" || t == "cve") return "vulnerable-system";
  if (auto c = Taxonomy::CanonicalType(t)) return std::string(*c);
  return "";
}

Result<std::optional<int64_t>> MailGateway::Thread(const InboundMail& mail) {
  const TicketConfig& cfg = tracker_->config();
  std::vector<std::string> tags = {cfg.subject_tag};
  tags.insert(tags.end(), cfg.old_subject_tags.begin(), cfg.old_subject_tags.end());
  if (auto id = FindTicketTag(mail.subject, tags)) {
    auto c = tracker_->Canonical(*id);
    if (c) return std::optional<int64_t>(*c);
    // A tag naming no ticket (typo, another installation): fall through to the headers.
  }
  std::vector<std::string> ids;
  if (!mail.in_reply_to.empty()) ids.push_back(mail.in_reply_to);
  for (auto it = mail.references.rbegin(); it != mail.references.rend(); ++it) ids.push_back(*it);
  for (const auto& mid : ids) {
    auto t = tracker_->store()->TicketOfMessage(mid);
    if (!t) return Fail(t.error());
    if (*t) {
      auto c = tracker_->Canonical(**t);
      if (c) return std::optional<int64_t>(*c);
    }
  }
  return std::optional<int64_t>();
}

std::string MailGateway::Fingerprint(const InboundMail& mail) const {
  // What a wave of reports shares is what they report: the URLs, domains and hashes (not
  // the reporters' own addresses, greetings or forwarding headers).
  std::string text = mail.text;
  for (const auto& a : mail.attachments)
    if (a.content_type.starts_with("text/") || a.content_type == "message/rfc822") text += "\n" + a.data;
  std::set<std::string> keys;
  for (const Observable& o : DistinctObservables(text)) {
    if (o.type == ObservableType::kUrl || o.type == ObservableType::kHash) keys.insert(o.value);
  }
  if (keys.empty()) return "";
  std::string joined;
  for (const auto& k : keys) joined += k + "\n";
  return Sha256Hex(joined);
}

Result<GatewayResult> MailGateway::Take(std::string_view raw) {
  auto parsed = ParseInboundMail(raw);
  if (!parsed) return Fail(parsed.error());
  const InboundMail& mail = *parsed;
  const TicketConfig& cfg = tracker_->config();
  const std::string sha = Sha256Hex(raw);
  GatewayResult out;
  out.reports = mail.reports;
  out.from = mail.from;
  BELFRY_RETURN_IF_ERROR(tracker_->Transaction([&]() -> Status {
    auto seen = tracker_->store()->SeenInbound(mail.message_id, sha);
    if (!seen) return Fail(seen.error());
    if (*seen) {
      out.action = GatewayAction::kDuplicate;
      out.note = fmt::format("already taken (Message-ID <{}>)", mail.message_id);
      return Ok();
    }
    // Our own mail coming back (a forward loop, a list that echoes) is not correspondence.
    if (!mail.message_id.empty()) {
      auto ours = tracker_->store()->TicketOfMessage(mail.message_id);
      if (!ours) return Fail(ours.error());
      if (*ours || EqualsIgnoreCase(mail.from, cfg.mail.from)) {
        out.action = GatewayAction::kLoop;
        out.ticket = ours->value_or(0);
        out.note = "our own mail came back";
        return Ok();
      }
    }
    auto thread = Thread(mail);
    if (!thread) return Fail(thread.error());
    if (*thread) {
      auto t = tracker_->Get(**thread);
      if (!t) return Fail(t.error());
      Ticket before = *t;
      auto row = tracker_->AddMessageLocked(&*t, ToMessage(mail, sha), "mail");
      if (!row) return Fail(row.error());
      // Peers' own tags are kept for our replies.
      for (const auto& tag : ForeignTags(mail.subject, {cfg.subject_tag})) {
        if (t->subject_tags.find(tag) == std::string::npos)
          t->subject_tags += (t->subject_tags.empty() ? "" : " ") + tag;
      }
      if (!mail.IsAutomatic()) {
        // A correspondent's reply re-opens an ended report or investigation.
        if (!t->active() && (t->queue == Queue::kReports || t->queue == Queue::kInvestigations)) {
          t->status = "open";
          BELFRY_RETURN_IF_ERROR(tracker_->HistoryLocked(t->id, "mail", "set", "status",
                                                         before.status, "open (a reply came in)"));
        }
        // A countermeasure's owner confirms by mail: it moves on (RTIR's scrip).
        if (t->queue == Queue::kCountermeasures) {
          std::string next = t->status == "pending activation" ? "active"
                             : t->status == "pending removal"  ? "removed"
                                                               : "";
          if (!next.empty()) {
            BELFRY_RETURN_IF_ERROR(tracker_->HistoryLocked(t->id, "mail", "set", "status",
                                                           t->status, next + " (confirmed by mail)"));
            t->status = next;
          }
        }
      }
      if (MentionsNis2(mail.subject) && t->nis2.active()) {
        std::string s = AsciiLowerCopy(mail.subject);
        if (s.find("final") != std::string::npos && !t->nis2.final_report)
          t->nis2.final_report = tracker_->now();
        else if (s.find("notification") != std::string::npos && !t->nis2.notification)
          t->nis2.notification = tracker_->now();
      }
      BELFRY_RETURN_IF_ERROR(tracker_->SaveLocked(before, &*t, "mail"));
      out.action = GatewayAction::kAdded;
      out.ticket = t->id;
      if (mail.IsAutomatic()) out.note = "automatic reply recorded";
      return Ok();
    }
    if (mail.IsAutomatic() && mail.reports.empty()) {
      out.action = GatewayAction::kIgnored;
      out.note = mail.is_bounce ? "a bounce that answers no ticket"
                                : "an automatic mail (Auto-Submitted/Precedence/List-Id) that "
                                  "answers no ticket";
      return Ok();
    }
    std::string fp = Fingerprint(mail);
    if (!fp.empty()) {
      auto group = tracker_->store()->FindReportByFingerprint(
          fp, tracker_->now() - cfg.group_window_seconds);
      if (!group) return Fail(group.error());
      if (*group) {
        auto t = tracker_->Get(**group);
        if (!t) return Fail(t.error());
        Ticket before = *t;
        auto row = tracker_->AddMessageLocked(&*t, ToMessage(mail, sha), "mail");
        if (!row) return Fail(row.error());
        if (!mail.from.empty() &&
            std::find(t->requestors.begin(), t->requestors.end(), mail.from) == t->requestors.end())
          t->requestors.push_back(mail.from);
        BELFRY_RETURN_IF_ERROR(tracker_->HistoryLocked(
            t->id, "mail", "group", "report", "",
            fmt::format("a near-identical report from {}", mail.from)));
        BELFRY_RETURN_IF_ERROR(tracker_->SaveLocked(before, &*t, "mail"));
        out.action = GatewayAction::kGrouped;
        out.ticket = t->id;
        out.note = fmt::format("{} reporters", t->requestors.size());
        return Ok();
      }
    }
    Ticket draft;
    draft.queue = Queue::kReports;
    draft.subject = BareSubject(mail.subject);
    if (draft.subject.empty()) draft.subject = "(no subject)";
    if (!mail.from.empty()) draft.requestors.push_back(mail.from);
    draft.fingerprint = fp;
    std::string foreign;
    for (const auto& tag : ForeignTags(mail.subject, {cfg.subject_tag}))
      foreign += (foreign.empty() ? "" : " ") + tag;
    draft.subject_tags = foreign;
    for (const auto& r : mail.reports) {
      std::string c = ClassifyAbuseReport(r);
      if (!c.empty()) {
        draft.classification = c;
        break;
      }
    }
    if (MentionsNis2(mail.subject)) {
      draft.tags.push_back("nis2");
      int64_t aware = mail.date_unix && mail.date_unix <= tracker_->now() ? mail.date_unix
                                                                          : tracker_->now();
      draft.nis2.aware = aware;
      draft.nis2.early_warning = tracker_->now();
    }
    TicketMessage m = ToMessage(mail, sha);
    auto t = tracker_->CreateLocked(std::move(draft), "mail", &m, 0);
    if (!t) return Fail(t.error());
    if (!t->escalated_to.empty()) {
      auto paged = mailer_->PageOnDutyLocked(&*t);
      if (!paged) return Fail(paged.error());
    }
    out.action = GatewayAction::kNewReport;
    out.ticket = t->id;
    return Ok();
  }));
  return out;
}

}  // namespace belfry
