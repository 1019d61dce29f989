#include "newsletter/newsletter_desk.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>

#include "core/date_time.h"
#include "core/text.h"
#include "mail/outbound_mail.h"
#include "mail/verp.h"
#include "newsletter/newsletter_pages.h"
#include "newsletter/newsletter_words.h"
#include "publish/site_writer.h"

namespace belfry {

namespace {

constexpr int64_t kDay = 24 * 3600;

// 256 bits from the system's generator: the token alone unsubscribes (and confirms).
std::string NewToken() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  std::string out;
  for (unsigned char b : bytes) out += fmt::format("{:02x}", b);
  return out;
}

// A transaction over the tracker's database; rolled back unless committed.
class Txn {
 public:
  explicit Txn(TicketStore* s) : s_(s) {}
  Status Begin() {
    auto st = s_->Begin();
    open_ = st.has_value();
    return st;
  }
  Status Commit() {
    open_ = false;
    return s_->Commit();
  }
  ~Txn() {
    if (open_) s_->Rollback();
  }

 private:
  TicketStore* s_;
  bool open_ = false;
};

}  // namespace

std::vector<std::pair<std::string, std::string>> NewsletterDesk::Editions() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& a : d_.config->audiences)
    for (const auto& l : d_.config->languages) out.emplace_back(a, l);
  return out;
}

bool NewsletterDesk::Offers(const std::string& audience, const std::string& lang) const {
  const auto& c = *d_.config;
  return std::find(c.audiences.begin(), c.audiences.end(), audience) != c.audiences.end() &&
         std::find(c.languages.begin(), c.languages.end(), lang) != c.languages.end();
}

SiteInfo NewsletterDesk::Site() const {
  SiteInfo s;
  s.team = d_.team;
  s.publish = d_.publish;
  s.now = d_.clock->NowSeconds();
  s.engine_version = d_.engine_version;
  return s;
}

std::string NewsletterDesk::From() const {
  return d_.config->from.empty() ? d_.mail->from : d_.config->from;
}

std::string NewsletterDesk::BounceAddress(int64_t subscriber) const {
  return fmt::format("bounces+news-{}@{}", subscriber, MailDomain(From()));
}

std::string NewsletterDesk::LinkFor(const char* action, const Subscriber& s) const {
  return fmt::format("{}/newsletter/{}?token={}", d_.publish->base_url, action, s.token);
}

Result<int64_t> NewsletterDesk::QueueMail(const Subscriber& s, const std::string& subject,
                                          const std::string& text, const std::string& html,
                                          const std::string& message_id, bool list_mail) {
  const int64_t now = d_.clock->NowSeconds();
  OutgoingMail m;
  m.from = From();
  m.from_name = d_.config->from_name.empty() ? d_.team->name : d_.config->from_name;
  m.to = {s.email};
  m.subject = subject;
  m.text = text;
  m.html = html;
  m.message_id = message_id;
  m.automatic = true;
  m.date = now;
  if (list_mail) {
    // RFC 2919 and RFC 2369; RFC 8058's one-click POST (the MTA's DKIM signature must cover
    // both List-Unsubscribe fields for the big mailbox providers to offer the button).
    m.headers.emplace_back("List-Id", fmt::format("{} <{}.newsletter.{}>", d_.team->name,
                                                  NewsletterEdition(s.audience, s.lang),
                                                  MailDomain(From())));
    m.headers.emplace_back("List-Unsubscribe", fmt::format("<{}>", LinkFor("unsubscribe", s)));
    m.headers.emplace_back("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    m.headers.emplace_back("List-Archive", fmt::format("<{}/newsletter/>", d_.publish->base_url));
    m.headers.emplace_back("Precedence", "bulk");
  }
  auto raw = ComposeMail(m);
  if (!raw) return Fail(raw.error());
  OutboxMail out;
  out.message_id = message_id;
  out.sender = BounceAddress(s.id);
  out.raw = std::move(*raw);
  out.created = now;
  OutboxRecipient r;
  r.address = s.email;
  r.next_attempt = now;
  out.recipients.push_back(std::move(r));
  return d_.outbox->EnqueueMail(out);
}

Status NewsletterDesk::QueueConfirmation(const Subscriber& s) {
  std::map<std::string, std::string> v = {
      {"team_name", d_.team->name},
      {"edition", fmt::format("{} {}", newsletter_words::W(s.lang).newsletter,
                              newsletter_words::AudienceWords(s.audience, s.lang))},
      {"email", s.email},
      {"confirm_url", LinkFor("confirm", s)},
      {"expiry_days", std::to_string(std::max<int64_t>(1, d_.config->confirm_expiry / kDay))},
      {"site_url", d_.publish->base_url + "/newsletter/"}};
  auto rendered = d_.templates->Render("newsletter-confirm", s.lang, v);
  if (!rendered) return Fail(rendered.error());
  auto id = QueueMail(s, rendered->subject, rendered->body, "",
                      fmt::format("newsletter.confirm.{}.{}@{}", s.id,
                                  d_.clock->NowSeconds(), MailDomain(From())),
                      false);
  if (!id) return Fail(id.error());
  return Ok();
}

Result<SubscribeOutcome> NewsletterDesk::Subscribe(const std::string& email_in,
                                                   const std::string& audience,
                                                   const std::string& lang,
                                                   const std::string& source, bool confirmed) {
  auto email = NormalizeMailAddress(email_in);
  if (!email) return Fail(Error::InvalidInput(fmt::format("not a mail address: {}", email_in)));
  if (!Offers(audience, lang))
    return Fail(Error::InvalidInput(fmt::format(
        "no newsletter edition {} (offered: [newsletter] audiences and languages)",
        NewsletterEdition(audience, lang))));
  const int64_t now = d_.clock->NowSeconds();
  SubscribeOutcome out;
  Txn txn(d_.outbox);
  BELFRY_RETURN_IF_ERROR(txn.Begin());
  auto found = d_.store->FindSubscriber(*email, audience);
  if (!found) return Fail(found.error());
  Subscriber s;
  if (*found) {
    s = **found;
    if (s.state == SubscriberState::kConfirmed && s.lang == lang) {
      out.subscriber = s;
      out.note = fmt::format("{} already receives the {} edition", s.email,
                             NewsletterEdition(s.audience, s.lang));
      BELFRY_RETURN_IF_ERROR(txn.Commit());
      return out;
    }
    if (s.state == SubscriberState::kPending && !confirmed && s.lang == lang &&
        now - s.confirm_sent < d_.config->confirm_interval) {
      out.subscriber = s;
      out.note = fmt::format("{}: a confirmation was sent less than [newsletter] "
                             "confirm_interval ago; not sent again",
                             s.email);
      BELFRY_RETURN_IF_ERROR(txn.Commit());
      return out;
    }
    // Again after unsubscribing or bouncing, or another language, or a confirmation again.
    if (s.state != SubscriberState::kConfirmed) s.token = NewToken();
    s.state = confirmed || s.state == SubscriberState::kConfirmed ? SubscriberState::kConfirmed
                                                                   : SubscriberState::kPending;
    s.lang = lang;
    s.source = source;
    s.bounces = 0;
  } else {
    s.email = *email;
    s.audience = audience;
    s.lang = lang;
    s.state = confirmed ? SubscriberState::kConfirmed : SubscriberState::kPending;
    s.token = NewToken();
    s.source = source;
    s.created = now;
    auto id = d_.store->AddSubscriber(s);
    if (!id) return Fail(id.error());
    s.id = *id;
  }
  if (s.state == SubscriberState::kConfirmed) {
    if (s.confirmed == 0 || confirmed) s.confirmed = now;
    s.unsubscribed = 0;
    out.note = fmt::format("{} subscribed to {} (confirmed by the operator)", s.email,
                           NewsletterEdition(s.audience, s.lang));
  } else {
    s.confirm_sent = now;
    BELFRY_RETURN_IF_ERROR(QueueConfirmation(s));
    out.confirmation_queued = true;
    out.note = fmt::format("{}: confirmation mail queued for {}", s.email,
                           NewsletterEdition(s.audience, s.lang));
  }
  BELFRY_RETURN_IF_ERROR(d_.store->UpdateSubscriber(s));
  BELFRY_RETURN_IF_ERROR(txn.Commit());
  out.subscriber = s;
  return out;
}

Result<std::optional<Subscriber>> NewsletterDesk::ByToken(const std::string& token) {
  if (token.size() != 64) return std::optional<Subscriber>();
  return d_.store->SubscriberByToken(token);
}

Result<std::optional<Subscriber>> NewsletterDesk::Confirm(const std::string& token) {
  auto s = ByToken(token);
  if (!s || !*s) return s;
  Subscriber sub = **s;
  const int64_t now = d_.clock->NowSeconds();
  if (sub.state == SubscriberState::kConfirmed) return s;
  if (sub.state != SubscriberState::kPending || now - sub.confirm_sent > d_.config->confirm_expiry)
    return std::optional<Subscriber>();
  sub.state = SubscriberState::kConfirmed;
  sub.confirmed = now;
  BELFRY_RETURN_IF_ERROR(d_.store->UpdateSubscriber(sub));
  return std::optional<Subscriber>(sub);
}

Result<std::optional<Subscriber>> NewsletterDesk::Unsubscribe(const std::string& token) {
  auto s = ByToken(token);
  if (!s || !*s) return s;
  Subscriber sub = **s;
  if (sub.state == SubscriberState::kUnsubscribed) return std::optional<Subscriber>(sub);
  sub.state = SubscriberState::kUnsubscribed;
  sub.unsubscribed = d_.clock->NowSeconds();
  BELFRY_RETURN_IF_ERROR(d_.store->UpdateSubscriber(sub));
  return std::optional<Subscriber>(sub);
}

Result<int> NewsletterDesk::UnsubscribeAddress(const std::string& email,
                                               const std::string& audience) {
  auto normal = NormalizeMailAddress(email);
  if (!normal) return Fail(Error::InvalidInput(fmt::format("not a mail address: {}", email)));
  SubscriberFilter f;
  f.email = *normal;
  f.audience = audience;
  auto list = d_.store->ListSubscribers(f);
  if (!list) return Fail(list.error());
  int changed = 0;
  for (const auto& s : *list) {
    if (s.state == SubscriberState::kUnsubscribed) continue;
    auto r = Unsubscribe(s.token);
    if (!r) return Fail(r.error());
    ++changed;
  }
  return changed;
}

Result<NewsletterBounce> NewsletterDesk::TakeBounce(int64_t subscriber, bool permanent,
                                                    const std::string& reason) {
  auto s = d_.store->GetSubscriber(subscriber);
  if (!s) return Fail(s.error());
  if (!*s)
    return Fail(Error::NotFound(
        fmt::format("a bounce for newsletter subscriber {}, who does not exist", subscriber)));
  NewsletterBounce out;
  out.subscriber = **s;
  Subscriber& sub = out.subscriber;
  sub.last_bounce = fmt::format("{} {}", FormatIsoUtc(d_.clock->NowMicros()).substr(0, 19), reason);
  if (permanent) {
    ++sub.bounces;
    if (sub.bounces >= d_.config->bounce_limit && sub.state == SubscriberState::kConfirmed) {
      sub.state = SubscriberState::kBounced;
      out.suspended = true;
    }
  }
  BELFRY_RETURN_IF_ERROR(d_.store->UpdateSubscriber(sub));
  out.note = fmt::format("newsletter subscriber #{} {} ({}): {} {}{}", sub.id, sub.email,
                         NewsletterEdition(sub.audience, sub.lang),
                         permanent ? "bounced" : "delayed", reason,
                         out.suspended ? fmt::format("; {} bounces: no longer mailed", sub.bounces)
                                       : "");
  return out;
}

std::optional<int64_t> ParseNewsletterBounceAddress(std::string_view address) {
  const std::string a = AsciiLowerCopy(address);
  size_t at = a.find("bounces+news-");
  if (at == std::string::npos) return std::nullopt;
  size_t start = at + 13, end = a.find('@', start);
  if (end == std::string::npos) return std::nullopt;
  auto id = ParseInt64(std::string_view(a).substr(start, end - start));
  if (!id || *id <= 0) return std::nullopt;
  return *id;
}

std::optional<int64_t> BouncedSubscriber(std::string_view raw) {
  for (std::string_view field : EnvelopeRecipientFields(raw))
    if (auto id = ParseNewsletterBounceAddress(field)) return id;
  return std::nullopt;
}

}  // namespace belfry
