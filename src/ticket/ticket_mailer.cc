#include "ticket/ticket_mailer.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <random>

#include "core/date_time.h"
#include "mail/subject_tag.h"

namespace belfry {

std::string RandomToken() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("{:016x}", rng());
}

void TicketMailer::PrepareLocked(const Ticket& t, OutgoingMail* mail) const {
  const TicketConfig& cfg = tracker_->config();
  mail->from = cfg.mail.from;
  mail->from_name = cfg.mail.from_name;
  mail->subject =
      TaggedSubject(cfg.subject_tag, t.id, BareSubject(mail->subject), t.subject_tags);
  mail->message_id = NewMessageId(cfg.mail.from, t.id, RandomToken());
  mail->date = tracker_->now();
  mail->headers.emplace_back("X-Belfry-Ticket", std::to_string(t.id));
  mail->headers.emplace_back("X-Belfry-Queue", std::string(QueueName(t.queue)));
  if (!t.tlp.empty()) mail->headers.emplace_back("X-TLP", "TLP:" + t.tlp);
}

Result<int64_t> TicketMailer::QueueLocked(Ticket* t, OutgoingMail mail, const std::string& actor) {
  PrepareLocked(*t, &mail);
  auto raw = ComposeMail(mail);
  if (!raw) return Fail(raw.error());
  return RecordLocked(t, mail, std::move(*raw), "", actor);
}

Result<int64_t> TicketMailer::RecordLocked(Ticket* t, const OutgoingMail& mail, std::string raw,
                                           const std::string& sender, const std::string& actor) {
  const TicketConfig& cfg = tracker_->config();
  const int64_t now = tracker_->now();
  if (static_cast<int64_t>(raw.size()) > cfg.mail.max_message_bytes)
    return Fail(Error::InvalidInput(fmt::format(
        "the mail would be {} bytes, above [mail] max_message_bytes ({})", raw.size(),
        cfg.mail.max_message_bytes)));
  TicketMessage m;
  m.direction = MessageDirection::kOutbound;
  m.message_id = mail.message_id;
  m.in_reply_to = mail.in_reply_to;
  m.references = fmt::format("{}", fmt::join(mail.references, " "));
  m.from = mail.from;
  m.to = fmt::format("{}", fmt::join(mail.to, ", "));
  m.cc = fmt::format("{}", fmt::join(mail.cc, ", "));
  m.subject = mail.subject;
  m.at = now;
  m.body = mail.text;
  for (const auto& a : mail.attachments) m.attachments.push_back({0, a.name, a.content_type, a.data});
  auto row = tracker_->AddMessageLocked(t, std::move(m), actor);
  if (!row) return Fail(row.error());
  OutboxMail out;
  out.ticket_id = t->id;
  out.message_row = *row;
  out.message_id = mail.message_id;
  out.sender = sender.empty() ? cfg.mail.from : sender;
  out.raw = std::move(raw);
  out.created = now;
  std::vector<std::string> rcpts = mail.to;
  rcpts.insert(rcpts.end(), mail.cc.begin(), mail.cc.end());
  std::sort(rcpts.begin(), rcpts.end());
  rcpts.erase(std::unique(rcpts.begin(), rcpts.end()), rcpts.end());
  for (const auto& r : rcpts) {
    OutboxRecipient rr;
    rr.address = r;
    rr.next_attempt = now;
    out.recipients.push_back(std::move(rr));
  }
  auto id = tracker_->store()->EnqueueMail(out);
  if (!id) return Fail(id.error());
  // Our first mail on a report or incident is its first response (SLA).
  if (!mail.automatic && t->first_response == 0 &&
      (t->queue == Queue::kReports || t->queue == Queue::kIncidents)) {
    Ticket before = *t;
    t->first_response = now;
    BELFRY_RETURN_IF_ERROR(tracker_->SaveLocked(before, t, actor));
  }
  return *id;
}

Result<int64_t> TicketMailer::Reply(int64_t id, const std::string& text,
                                    const std::vector<std::string>& to, const std::string& actor) {
  int64_t outbox = 0;
  BELFRY_RETURN_IF_ERROR(tracker_->Transaction([&]() -> Status {
    auto t = tracker_->Get(id);
    if (!t) return Fail(t.error());
    OutgoingMail mail;
    mail.to = to.empty() ? t->requestors : to;
    if (mail.to.empty())
      return Fail(Error::InvalidInput(
          fmt::format("ticket #{} has no requestors: name the recipient with --to", t->id)));
    mail.text = text;
    mail.subject = t->subject;
    auto msgs = tracker_->store()->Messages({t->id}, false);
    if (!msgs) return Fail(msgs.error());
    for (auto it = msgs->rbegin(); it != msgs->rend(); ++it) {
      if (it->direction == MessageDirection::kInbound && !it->message_id.empty()) {
        mail.in_reply_to = it->message_id;
        if (!it->references.empty()) {
          size_t p = 0;
          std::string refs = it->references;
          while (p < refs.size()) {
            size_t sp = refs.find(' ', p);
            mail.references.push_back(refs.substr(p, sp - p));
            if (sp == std::string::npos) break;
            p = sp + 1;
          }
        }
        mail.references.push_back(it->message_id);
        break;
      }
    }
    auto q = QueueLocked(&*t, std::move(mail), actor);
    if (!q) return Fail(q.error());
    outbox = *q;
    return Ok();
  }));
  return outbox;
}

Result<int64_t> TicketMailer::PageOnDutyLocked(Ticket* t) {
  const TicketConfig& cfg = tracker_->config();
  std::map<std::string, std::string> v = {
      {"team_name", cfg.mail.from_name},
      {"tag", cfg.subject_tag},
      {"ticket", std::to_string(t->id)},
      {"ticket_subject", t->subject},
      {"subject", fmt::format("CRITICAL: {}", t->subject)},
      {"severity", std::string(SeverityName(t->severity, cfg.severity_labels))},
      {"severity_reason", t->severity_reason},
      {"requestors", fmt::format("{}", fmt::join(t->requestors, ", "))},
      {"created", FormatIsoUtc(t->created * 1000000)},
      {"response_due", t->response_due ? FormatIsoUtc(t->response_due * 1000000) : "-"}};
  auto r = templates_.Render("on_duty", "en", v);
  if (!r) return Fail(r.error());
  OutgoingMail mail;
  mail.to = {t->escalated_to};
  mail.subject = r->subject;
  mail.text = r->body;
  mail.automatic = true;
  return QueueLocked(t, std::move(mail), "sla");
}

}  // namespace belfry
