#pragma once
// The newsletter's desk: subscriptions (double opt-in, one-click unsubscribe), the editorial
// intro of the next issue, composing an issue from the period's published TLP:CLEAR
// advisories of its audience and language, sending it (one mail per subscriber, each with
// its own unsubscribe link and VERP envelope sender, queued in the outbox in the same
// transaction that archives the issue), the schedule of `belfry run`, and bounces.
// The world (stores, templates, clock) comes from the service root.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "newsletter/newsletter_config.h"
#include "newsletter/newsletter_render.h"
#include "newsletter/newsletter_store.h"
#include "publish/advisory_store.h"
#include "publish/publish_config.h"
#include "ticket/mail_templates.h"
#include "ticket/ticket_config.h"
#include "ticket/ticket_store.h"

namespace belfry {

struct NewsletterDeps {
  NewsletterStore* store = nullptr;
  TicketStore* outbox = nullptr;  // the same database: one transaction
  AdvisoryStore* advisories = nullptr;
  const MailTemplates* templates = nullptr;
  const NewsletterConfig* config = nullptr;
  const TeamConfig* team = nullptr;
  const PublishConfig* publish = nullptr;
  const MailConfig* mail = nullptr;
  const Clock* clock = nullptr;
  std::string site_dir;  // the archive's pages go below newsletter/
  std::string engine_version;
};

struct SubscribeOutcome {
  Subscriber subscriber;
  bool confirmation_queued = false;  // a confirmation mail is in the outbox
  std::string note;                  // for the operator, never shown to the public
};

// An issue composed but not stored (preview), or sent (issue.id set).
struct ComposedIssue {
  NewsletterIssue issue;
  std::vector<NewsletterItem> items;
  bool empty() const { return items.empty() && issue.intro.empty(); }
};

struct SendOutcome {
  std::string audience, lang;
  bool sent = false;
  std::string skipped;  // why not
  NewsletterIssue issue;
  int64_t recipients = 0;
};

struct NewsletterBounce {
  Subscriber subscriber;
  bool suspended = false;  // reached the bounce limit: no longer mailed
  std::string note;
};

class NewsletterDesk {
 public:
  explicit NewsletterDesk(NewsletterDeps d) : d_(std::move(d)) {}

  // The editions offered: [newsletter] audiences × languages.
  std::vector<std::pair<std::string, std::string>> Editions() const;
  bool Offers(const std::string& audience, const std::string& lang) const;

  // A new subscription, pending until its confirmation link is followed; `confirmed`
  // (operators importing a list whose consent they hold) skips that. Asking again for a
  // pending address sends the confirmation again (at most every confirm_interval); for a
  // confirmed one it changes nothing and says nothing to the public.
  Result<SubscribeOutcome> Subscribe(const std::string& email, const std::string& audience,
                                     const std::string& lang, const std::string& source,
                                     bool confirmed);
  // nullopt: no such token, or a pending one past confirm_expiry.
  Result<std::optional<Subscriber>> Confirm(const std::string& token);
  Result<std::optional<Subscriber>> Unsubscribe(const std::string& token);
  // Every subscription of `email` (or of one audience); how many changed.
  Result<int> UnsubscribeAddress(const std::string& email, const std::string& audience);
  Result<std::optional<Subscriber>> ByToken(const std::string& token);

  // The editorial intro of the edition's next issue ("" removes it).
  Status SetIntro(const std::string& audience, const std::string& lang,
                  const std::string& markdown, const std::string& actor);
  // The next issue as it would go out now (nothing changes).
  Result<ComposedIssue> Compose(const std::string& audience, const std::string& lang);
  // Composes, archives and queues the next issue of an edition. `force`: even when empty.
  Result<SendOutcome> Send(const std::string& audience, const std::string& lang,
                           const std::string& actor, bool force);
  // `belfry run`: every edition whose scheduled time has come since its last issue, with
  // confirmed subscribers and something to say.
  Result<std::vector<SendOutcome>> SendDue();
  // The scheduled time of the period that holds `now` (0 when the schedule is off).
  int64_t LastSlot(int64_t now) const;

  // A delivery status notification for one subscriber's mail (its VERP address).
  Result<NewsletterBounce> TakeBounce(int64_t subscriber, bool permanent,
                                      const std::string& reason);
  // The envelope sender of a subscriber's mail: bounces+news-<id>@<domain>.
  std::string BounceAddress(int64_t subscriber) const;
  std::string From() const;

  // Every sent issue's archive page below site_dir/newsletter/.
  Status WriteArchive();
  SiteInfo Site() const;

 private:
  Result<int64_t> QueueMail(const Subscriber& s, const std::string& subject,
                            const std::string& text, const std::string& html,
                            const std::string& message_id, bool list_mail);
  Status QueueConfirmation(const Subscriber& s);
  Status WriteIssuePage(const NewsletterIssue& issue);
  std::string LinkFor(const char* action, const Subscriber& s) const;

  NewsletterDeps d_;
  std::map<std::string, int64_t> skipped_slot_;  // edition -> the slot it was found empty in
};

// The subscriber of a newsletter bounce address ("bounces+news-12@cert.example.be" -> 12).
std::optional<int64_t> ParseNewsletterBounceAddress(std::string_view address);
// The subscriber a bounce is addressed to: the VERP address in To, Delivered-To,
// X-Original-To or Envelope-To of the mail's header.
std::optional<int64_t> BouncedSubscriber(std::string_view raw);

}  // namespace belfry
