// The store conformance suite, continued: the newsletter's subscribers and issues
// (NewsletterStore), and the advisory filter the newsletter composes with. Written against
// the interfaces; each backend adds one factory below.

#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "newsletter/newsletter_store.h"
#include "publish/advisory_store.h"
#include "store/backends/sqlite/sqlite_ticket_store.h"
#include "test_util.h"

namespace belfry {
namespace {

using testing::TempDir;

constexpr int64_t kNow = 1795000000;

struct NewsletterBackend {
  std::string name;
  std::function<std::unique_ptr<TicketStore>(const TempDir&)> tracker;
};

void PrintTo(const NewsletterBackend& b, std::ostream* os) { *os << b.name; }

NewsletterBackend Sqlite() {
  return {"sqlite", [](const TempDir& d) -> std::unique_ptr<TicketStore> {
            return std::move(*SqliteTicketStore::Open(d.Path("belfry.db")));
          }};
}

class NewsletterConformance : public ::testing::TestWithParam<NewsletterBackend> {
 protected:
  TempDir dir_;
};

Subscriber Sub(const std::string& email, const std::string& audience, const std::string& lang,
               SubscriberState state, const std::string& token) {
  Subscriber s;
  s.email = email;
  s.audience = audience;
  s.lang = lang;
  s.state = state;
  s.token = token;
  s.source = "web";
  s.created = kNow;
  return s;
}

TEST_P(NewsletterConformance, SubscribersByEditionStateAndToken) {
  auto tracker = GetParam().tracker(dir_);
  auto* store = dynamic_cast<NewsletterStore*>(tracker.get());
  ASSERT_NE(store, nullptr);
  auto a = store->AddSubscriber(Sub("a@example.org", "pro", "nl", SubscriberState::kConfirmed, "t-a"));
  ASSERT_TRUE(a) << a.error().message();
  ASSERT_TRUE(store->AddSubscriber(Sub("b@example.org", "pro", "nl", SubscriberState::kPending, "t-b")));
  ASSERT_TRUE(store->AddSubscriber(Sub("a@example.org", "citizen", "fr", SubscriberState::kConfirmed, "t-c")));
  // One subscription per address and audience; tokens are unique.
  EXPECT_FALSE(store->AddSubscriber(Sub("a@example.org", "pro", "fr", SubscriberState::kPending, "t-d")));
  EXPECT_FALSE(store->AddSubscriber(Sub("z@example.org", "pro", "fr", SubscriberState::kPending, "t-a")));

  SubscriberFilter f;
  f.audience = "pro";
  f.lang = "nl";
  f.state = SubscriberState::kConfirmed;
  auto confirmed = store->ListSubscribers(f);
  ASSERT_EQ(confirmed->size(), 1u);
  EXPECT_EQ(confirmed->front().email, "a@example.org");
  SubscriberFilter by_mail;
  by_mail.email = "a@example.org";
  EXPECT_EQ(store->ListSubscribers(by_mail)->size(), 2u);
  SubscriberFilter one;
  one.limit = 1;
  EXPECT_EQ(store->ListSubscribers(one)->front().id, *a);  // ordered by id

  auto found = store->FindSubscriber("b@example.org", "pro");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->state, SubscriberState::kPending);
  EXPECT_FALSE(*store->FindSubscriber("b@example.org", "citizen"));
  auto by_token = store->SubscriberByToken("t-c");
  ASSERT_TRUE(by_token && *by_token);
  EXPECT_EQ((*by_token)->audience, "citizen");
  EXPECT_FALSE(*store->SubscriberByToken(""));
  EXPECT_FALSE(*store->SubscriberByToken("t-zz"));

  Subscriber s = **found;
  s.state = SubscriberState::kBounced;
  s.bounces = 2;
  s.last_bounce = "5.1.1 failed";
  s.confirmed = kNow + 5;
  ASSERT_TRUE(store->UpdateSubscriber(s));
  auto got = store->GetSubscriber(s.id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->state, SubscriberState::kBounced);
  EXPECT_EQ((*got)->bounces, 2);
  EXPECT_EQ((*got)->last_bounce, "5.1.1 failed");
  EXPECT_EQ((*got)->confirmed, kNow + 5);
  s.id = 999;
  EXPECT_FALSE(store->UpdateSubscriber(s));
  EXPECT_FALSE(*store->GetSubscriber(999));
}

TEST_P(NewsletterConformance, DraftThenSentIssuesPerEdition) {
  auto tracker = GetParam().tracker(dir_);
  auto* store = dynamic_cast<NewsletterStore*>(tracker.get());
  ASSERT_NE(store, nullptr);
  EXPECT_FALSE(*store->DraftIssue("pro", "nl"));
  EXPECT_FALSE(*store->LastSentIssue("pro", "nl"));
  NewsletterIssue draft;
  draft.audience = "pro";
  draft.lang = "nl";
  draft.intro = "Deze week: **VPN**.";
  draft.intro_author = "ann";
  draft.created = kNow;
  auto id = store->SaveIssue(draft);
  ASSERT_TRUE(id) << id.error().message();
  auto d = store->DraftIssue("pro", "nl");
  ASSERT_TRUE(d && *d);
  EXPECT_TRUE((*d)->draft());
  EXPECT_EQ((*d)->intro, draft.intro);
  EXPECT_TRUE(store->ListIssues("", "", 0, false)->empty());  // drafts are not the archive

  NewsletterIssue sent = **d;
  sent.number = 1;
  sent.period_start = kNow - 7 * 86400;
  sent.period_end = kNow;
  sent.advisories = {"BELFRY-2026-0001", "BELFRY-2026-0002"};
  sent.subject = "Nieuwsbrief nr. 1";
  sent.html = "<p>html</p>";
  sent.text = "text";
  sent.sent = kNow;
  sent.recipients = 3;
  sent.actor = "schedule";
  ASSERT_EQ(*store->SaveIssue(sent), *id);
  EXPECT_FALSE(*store->DraftIssue("pro", "nl"));
  NewsletterIssue second = sent;
  second.id = 0;
  second.number = 2;
  second.sent = kNow + 7 * 86400;
  second.advisories.clear();
  ASSERT_TRUE(store->SaveIssue(second));
  NewsletterIssue other = sent;
  other.id = 0;
  other.audience = "citizen";
  other.lang = "fr";
  ASSERT_TRUE(store->SaveIssue(other));

  auto last = store->LastSentIssue("pro", "nl");
  ASSERT_TRUE(last && *last);
  EXPECT_EQ((*last)->number, 2);
  EXPECT_TRUE((*last)->advisories.empty());
  auto all = store->ListIssues("", "", 0, false);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ(all->front().number, 2);  // newest first
  EXPECT_TRUE(all->front().html.empty());  // lean
  auto pro = store->ListIssues("pro", "nl", 1, true);
  ASSERT_EQ(pro->size(), 1u);
  EXPECT_EQ(pro->front().html, "<p>html</p>");
  auto got = store->GetIssue(*id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->advisories, sent.advisories);
  EXPECT_EQ((*got)->text, "text");
  EXPECT_EQ((*got)->recipients, 3);
  EXPECT_EQ((*got)->actor, "schedule");
  NewsletterIssue missing = sent;
  missing.id = 999;
  EXPECT_FALSE(store->SaveIssue(missing));
}

TEST_P(NewsletterConformance, AdvisoriesPublishedFrom) {
  auto tracker = GetParam().tracker(dir_);
  auto* advisories = dynamic_cast<AdvisoryStore*>(tracker.get());
  ASSERT_NE(advisories, nullptr);
  for (int64_t published : {kNow - 100, kNow, kNow + 100}) {
    Advisory a;
    a.title = "t";
    a.audience = "citizen";
    a.lang = "fr";
    a.status = AdvisoryStatus::kPublished;
    a.published = published;
    ASSERT_TRUE(advisories->AddAdvisory(a));
  }
  AdvisoryFilter f;
  f.published_from = kNow;
  EXPECT_EQ(advisories->ListAdvisories(f)->size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, NewsletterConformance, ::testing::Values(Sqlite()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace belfry
