// NewsletterDesk's issues: the intro, composing, sending, the schedule and the archive.
#include <fmt/format.h>

#include <algorithm>

#include "mail/outbound_mail.h"
#include "newsletter/newsletter_desk.h"
#include "newsletter/newsletter_pages.h"
#include "publish/site_writer.h"

namespace belfry {

namespace {

constexpr int64_t kDay = 24 * 3600;

}  // namespace

Status NewsletterDesk::SetIntro(const std::string& audience, const std::string& lang,
                                const std::string& markdown, const std::string& actor) {
  if (!Offers(audience, lang))
    return Fail(Error::InvalidInput(
        fmt::format("no newsletter edition {}", NewsletterEdition(audience, lang))));
  auto draft = d_.store->DraftIssue(audience, lang);
  if (!draft) return Fail(draft.error());
  NewsletterIssue issue;
  if (*draft) issue = **draft;
  issue.audience = audience;
  issue.lang = lang;
  issue.intro = markdown;
  issue.intro_author = actor;
  if (issue.created == 0) issue.created = d_.clock->NowSeconds();
  auto id = d_.store->SaveIssue(issue);
  if (!id) return Fail(id.error());
  return Ok();
}

int64_t NewsletterDesk::LastSlot(int64_t now) const {
  const auto& c = *d_.config;
  if (c.schedule == "off") return 0;
  const int64_t day_start = now - ((now % kDay) + kDay) % kDay;
  int64_t slot = day_start + c.hour * 3600;
  if (c.schedule == "daily") return slot > now ? slot - kDay : slot;
  const int64_t weekday = ((day_start / kDay) % 7 + 4 + 7) % 7;  // 1970-01-01 was a Thursday
  slot -= ((weekday - c.weekday + 7) % 7) * kDay;
  return slot > now ? slot - 7 * kDay : slot;
}

Result<ComposedIssue> NewsletterDesk::Compose(const std::string& audience,
                                              const std::string& lang) {
  if (!Offers(audience, lang))
    return Fail(Error::InvalidInput(
        fmt::format("no newsletter edition {}", NewsletterEdition(audience, lang))));
  const int64_t now = d_.clock->NowSeconds();
  ComposedIssue out;
  NewsletterIssue& issue = out.issue;
  auto draft = d_.store->DraftIssue(audience, lang);
  if (!draft) return Fail(draft.error());
  if (*draft) issue = **draft;
  issue.audience = audience;
  issue.lang = lang;
  auto last = d_.store->LastSentIssue(audience, lang);
  if (!last) return Fail(last.error());
  issue.number = *last ? (*last)->number + 1 : 1;
  issue.period_end = now;
  issue.period_start =
      *last ? (*last)->period_end + 1 : now - (d_.config->schedule == "daily" ? kDay : 7 * kDay);
  // Published in the period, for this audience and language, and public: a newsletter goes
  // to whoever subscribed, so TLP:CLEAR only.
  AdvisoryFilter f;
  f.status = AdvisoryStatus::kPublished;
  f.audience = audience;
  f.lang = lang;
  f.with_source = true;
  f.published_from = std::max<int64_t>(issue.period_start, 1);
  auto list = d_.advisories->ListAdvisories(f);
  if (!list) return Fail(list.error());
  for (auto& a : *list) {
    // The period's both ends belong to it; the next issue starts a second later.
    if (a.tlp != Tlp::kClear || a.published < issue.period_start || a.published > now) continue;
    auto src = ParseAdvisorySource(a.source, a.tracking_id);
    if (!src) continue;  // stored sources were checked when written
    out.items.push_back({std::move(a), std::move(*src)});
  }
  std::sort(out.items.begin(), out.items.end(), [](const auto& x, const auto& y) {
    return x.advisory.published != y.advisory.published
               ? x.advisory.published < y.advisory.published
               : x.advisory.id < y.advisory.id;
  });
  issue.advisories.clear();
  for (const auto& it : out.items) issue.advisories.push_back(it.advisory.tracking_id);
  RenderedIssue r = RenderIssue(issue, out.items, Site());
  issue.subject = std::move(r.subject);
  issue.html = std::move(r.html);
  issue.text = std::move(r.text);
  return out;
}

Result<SendOutcome> NewsletterDesk::Send(const std::string& audience, const std::string& lang,
                                         const std::string& actor, bool force) {
  SendOutcome out;
  out.audience = audience;
  out.lang = lang;
  auto composed = Compose(audience, lang);
  if (!composed) return Fail(composed.error());
  if (composed->empty() && d_.config->skip_empty && !force) {
    out.skipped = "no advisory published since the last issue and no editorial";
    return out;
  }
  const int64_t now = d_.clock->NowSeconds();
  NewsletterIssue issue = std::move(composed->issue);
  issue.sent = now;
  issue.actor = actor;
  if (issue.created == 0) issue.created = now;
  SubscriberFilter f;
  f.audience = audience;
  f.lang = lang;
  f.state = SubscriberState::kConfirmed;
  // One transaction: the issue is archived and numbered with its mails queued, or nothing.
  BELFRY_RETURN_IF_ERROR(d_.outbox->Begin());
  auto body = [&]() -> Status {
    auto subscribers = d_.store->ListSubscribers(f);
    if (!subscribers) return Fail(subscribers.error());
    issue.recipients = static_cast<int64_t>(subscribers->size());
    auto id = d_.store->SaveIssue(issue);
    if (!id) return Fail(id.error());
    issue.id = *id;
    const std::string edition = NewsletterEdition(audience, lang);
    for (const auto& s : *subscribers) {
      const std::string link = LinkFor("unsubscribe", s);
      auto queued = QueueMail(s, issue.subject, WithUnsubscribeLink(issue.text, link, false),
                              WithUnsubscribeLink(issue.html, link, true),
                              fmt::format("newsletter.{}.{}.{}@{}", edition, issue.number, s.id,
                                          MailDomain(From())),
                              true);
      if (!queued) return Fail(queued.error());
    }
    return d_.outbox->Commit();
  };
  if (Status st = body(); !st) {
    d_.outbox->Rollback();
    return Fail(st.error());
  }
  out.sent = true;
  out.recipients = issue.recipients;
  out.issue = std::move(issue);
  BELFRY_RETURN_IF_ERROR(WriteIssuePage(out.issue));
  return out;
}

Result<std::vector<SendOutcome>> NewsletterDesk::SendDue() {
  std::vector<SendOutcome> out;
  const int64_t slot = LastSlot(d_.clock->NowSeconds());
  if (!d_.config->enabled || slot == 0) return out;
  for (const auto& [audience, lang] : Editions()) {
    auto last = d_.store->LastSentIssue(audience, lang);
    if (!last) return Fail(last.error());
    if (*last && (*last)->sent >= slot) continue;
    const std::string edition = NewsletterEdition(audience, lang);
    if (auto it = skipped_slot_.find(edition); it != skipped_slot_.end() && it->second == slot)
      continue;  // found empty in this period already
    SubscriberFilter f;
    f.audience = audience;
    f.lang = lang;
    f.state = SubscriberState::kConfirmed;
    f.limit = 1;
    auto any = d_.store->ListSubscribers(f);
    if (!any) return Fail(any.error());
    if (any->empty()) continue;  // nobody to tell: no issue, its advisories wait
    auto sent = Send(audience, lang, "schedule", false);
    if (!sent) return Fail(sent.error());
    if (sent->sent)
      out.push_back(std::move(*sent));
    else
      skipped_slot_[edition] = slot;
  }
  return out;
}

Status NewsletterDesk::WriteIssuePage(const NewsletterIssue& issue) {
  if (d_.site_dir.empty()) return Ok();
  return WriteFileAtomically(d_.site_dir + NewsletterArchivePath(issue),
                             NewsletterArchiveHtml(issue, Site()));
}

Status NewsletterDesk::WriteArchive() {
  auto issues = d_.store->ListIssues("", "", 0, true);
  if (!issues) return Fail(issues.error());
  for (const auto& i : *issues) BELFRY_RETURN_IF_ERROR(WriteIssuePage(i));
  return Ok();
}

}  // namespace belfry
