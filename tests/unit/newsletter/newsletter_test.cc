// The newsletter's pure parts: addresses, VERP bounce addresses, the schedule's slots, the
// rendered issue (escaping, the unsubscribe mark, the summary) and its pages.
#include <gtest/gtest.h>

#include "core/clock.h"
#include "newsletter/newsletter.h"
#include "newsletter/newsletter_desk.h"
#include "newsletter/newsletter_pages.h"
#include "newsletter/newsletter_render.h"

namespace belfry {
namespace {

TEST(NewsletterAddress, NormalizedOrRefused) {
  EXPECT_EQ(NormalizeMailAddress("  Alice@Example.ORG "), "alice@example.org");
  EXPECT_FALSE(NormalizeMailAddress("alice"));
  EXPECT_FALSE(NormalizeMailAddress("@example.org"));
  EXPECT_FALSE(NormalizeMailAddress("a@b@example.org"));
  EXPECT_FALSE(NormalizeMailAddress("a@localhost"));
  EXPECT_FALSE(NormalizeMailAddress("a@example.org."));
  EXPECT_FALSE(NormalizeMailAddress("a b@example.org"));
  EXPECT_FALSE(NormalizeMailAddress("a@example.org\r\nBcc: x@example.net"));
  EXPECT_FALSE(NormalizeMailAddress("<a@example.org>"));
  EXPECT_FALSE(NormalizeMailAddress(std::string(250, 'a') + "@example.org"));
}

TEST(NewsletterBounce, VerpAddressNamesTheSubscriber) {
  EXPECT_EQ(ParseNewsletterBounceAddress("bounces+news-12@cert.example.be"), 12);
  EXPECT_EQ(ParseNewsletterBounceAddress(" <Bounces+News-7@cert.example.be>"), 7);
  EXPECT_FALSE(ParseNewsletterBounceAddress("bounces+12@cert.example.be"));  // a notification
  EXPECT_FALSE(ParseNewsletterBounceAddress("bounces+news-0@cert.example.be"));
  EXPECT_FALSE(ParseNewsletterBounceAddress("bounces+news-x@cert.example.be"));
  EXPECT_FALSE(ParseNewsletterBounceAddress("bounces+news-12"));
  EXPECT_EQ(BouncedSubscriber("From: MAILER-DAEMON@mx.example.net\r\nDelivered-To: "
                              "bounces+news-3@cert.example.be\r\n\r\nTo: bounces+news-9@x.be\r\n"),
            3);
  EXPECT_FALSE(BouncedSubscriber("To: cert@example.be\n\nTo: bounces+news-9@cert.example.be\n"));
}

class FixedClock : public Clock {
 public:
  explicit FixedClock(int64_t s) : micros_(s * 1000000) {}
  int64_t NowMicros() const override { return micros_; }
  void SleepFor(int64_t) const override {}

 private:
  int64_t micros_;
};

TEST(NewsletterSchedule, LastSlotOfTheWeekAndDay) {
  NewsletterConfig cfg;  // weekly, Monday 08:00 UTC
  FixedClock clock(0);
  NewsletterDeps d;
  d.config = &cfg;
  d.clock = &clock;
  NewsletterDesk desk(d);
  const int64_t monday_0800 = 1796025600;  // 2026-11-30T08:00:00Z, a Monday
  EXPECT_EQ(desk.LastSlot(monday_0800), monday_0800);
  EXPECT_EQ(desk.LastSlot(monday_0800 - 1), monday_0800 - 7 * 86400);
  EXPECT_EQ(desk.LastSlot(monday_0800 + 6 * 86400 + 15 * 3600), monday_0800);  // Sunday night
  EXPECT_EQ(desk.LastSlot(monday_0800 + 7 * 86400), monday_0800 + 7 * 86400);
  cfg.weekday = 5;  // Friday
  EXPECT_EQ(desk.LastSlot(monday_0800), monday_0800 - 3 * 86400);
  cfg.schedule = "daily";
  cfg.hour = 6;
  EXPECT_EQ(desk.LastSlot(monday_0800), monday_0800 - 2 * 3600);
  EXPECT_EQ(desk.LastSlot(monday_0800 - 3 * 3600), monday_0800 - 2 * 3600 - 86400);
  cfg.schedule = "off";
  EXPECT_EQ(desk.LastSlot(monday_0800), 0);
}

SiteInfo Site(const TeamConfig& team, const PublishConfig& publish) {
  SiteInfo s;
  s.team = &team;
  s.publish = &publish;
  s.now = 1796025600;
  return s;
}

TEST(NewsletterRender, EscapedWithTheMarkWhereTheLinkGoes) {
  TeamConfig team;
  PublishConfig publish;
  NewsletterIssue issue;
  issue.audience = "citizen";
  issue.lang = "fr";
  issue.number = 3;
  issue.intro = "Bonjour <script>alert(1)</script> **tous**.";
  issue.period_start = 1795420800;
  issue.period_end = 1796025600;
  NewsletterItem item;
  item.advisory.title = "Faux <b>SMS</b>";
  item.advisory.tracking_id = "BELFRY-2026-0001";
  item.advisory.lang = "fr";
  item.advisory.audience = "citizen";
  item.advisory.severity = "medium";
  item.source.cves = {"CVE-2026-1"};
  item.source.body = "Premier paragraphe.\n\nSecond.";
  RenderedIssue r = RenderIssue(issue, {item}, Site(team, publish));
  EXPECT_NE(r.subject.find("n° 3"), std::string::npos) << r.subject;
  EXPECT_EQ(r.html.find("<script>"), std::string::npos);
  EXPECT_EQ(r.html.find("<b>SMS"), std::string::npos);
  EXPECT_NE(r.html.find("Faux &lt;b&gt;SMS"), std::string::npos);
  EXPECT_NE(r.html.find("<strong>tous</strong>"), std::string::npos);
  EXPECT_NE(r.text.find("Premier paragraphe."), std::string::npos);
  EXPECT_EQ(r.text.find("Second."), std::string::npos);  // the first paragraph only
  EXPECT_NE(r.text.find("CVE-2026-1"), std::string::npos);
  EXPECT_NE(r.text.find(kUnsubscribeMark), std::string::npos);
  const std::string html = WithUnsubscribeLink(r.html, "https://x.example/u?token=a&b", true);
  EXPECT_EQ(html.find(kUnsubscribeMark), std::string::npos);
  EXPECT_NE(html.find("https://x.example/u?token=a&amp;b"), std::string::npos);
  EXPECT_NE(WithUnsubscribeLink(r.text, "https://x.example/u?token=a&b", false)
                .find("https://x.example/u?token=a&b"),
            std::string::npos);
  NewsletterIssue empty = issue;
  empty.intro.clear();
  EXPECT_NE(RenderIssue(empty, {}, Site(team, publish)).text.find("Aucune nouvelle publication"),
            std::string::npos);
}

TEST(NewsletterRender, SummaryCutsAtAWordAndNeverInsideACharacter) {
  EXPECT_EQ(AdvisorySummary("Short one."), "Short one.");
  const std::string s = AdvisorySummary("Une très longue phrase à découper ici même", 20);
  EXPECT_LE(s.size(), 20u + 3);
  EXPECT_EQ(s.substr(s.size() - 3), "…");
  EXPECT_EQ(AdvisorySummary("ééééééééééé", 5).substr(0, 4), "éé");
}

TEST(NewsletterPages, ActionPagesPostTheToken) {
  TeamConfig team;
  PublishConfig publish;
  Subscriber s;
  s.email = "a\"<x>@example.org";
  s.audience = "pro";
  s.lang = "nl";
  s.token = std::string(64, 'a');
  const std::string page = NewsletterActionHtml("unsubscribe", s, Site(team, publish));
  EXPECT_NE(page.find("action=\"/newsletter/unsubscribe\""), std::string::npos);
  EXPECT_NE(page.find("value=\"" + s.token + "\""), std::string::npos);
  EXPECT_NE(page.find("Uitschrijven"), std::string::npos);
  EXPECT_EQ(page.find("<x>"), std::string::npos);
  EXPECT_NE(page.find("noindex"), std::string::npos);
}

}  // namespace
}  // namespace belfry
