// The notifier's planning against real stores (SQLite constituency and tracker): who gets
// which events, and what is held back or skipped and why.

#include <gtest/gtest.h>

#include "constituency/constituency_index.h"
#include "constituency/directory_importers.h"
#include "notify/notify_plan.h"
#include "store/backends/sqlite/sqlite_constituency_store.h"
#include "store/backends/sqlite/sqlite_ticket_store.h"
#include "test_util.h"

namespace belfry {
namespace {

constexpr int64_t kNow = 1795950000;  // 2026-11-29T10:20:00Z

class NotifyPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cs = SqliteConstituencyStore::Open(dir_.Path("belfry.db"));
    ASSERT_TRUE(cs);
    constituency_ = std::move(*cs);
    const std::string csv =
        "organisation,name,country,sector,entity_class,tags,networks,asns,domains,email,role,"
        "language,format,pgp_fingerprint,contact_network\n"
        "ORG-A,Example Shop,BE,digital-infrastructure,none,,192.0.2.0/25,,,first@shop.example,abuse,fr,json,,\n"
        "ORG-A,,,,,,,,,second@shop.example,abuse,,,,\n"
        "ORG-N,Example Grid,BE,energy,essential,,198.51.100.0/24,,,soc@grid.example,abuse,,,,\n";
    size_t rejected = 0;
    ASSERT_TRUE(ImportConstituencyCsv(constituency_.get(), csv, [&](auto&) { ++rejected; }));
    ASSERT_EQ(rejected, 0u);
    const std::string ti = R"([{"official_name": "Example Peer CERT", "short_name": "PEER-X",
      "country": {"code": "NL"}, "constituency": {"ipranges": ["203.0.113.0/24"]},
      "emails": [{"address": "cert@peer.example", "usage": ["contact"]}]}])";
    ASSERT_TRUE(ImportTrustedIntroducer(constituency_.get(), ti, [](auto&) {}));
    ConstituencyConfig cc;
    cc.countries = {"BE"};
    cc.languages = {"nl", "fr"};
    auto index = ConstituencyIndex::Build(constituency_.get(), cc);
    ASSERT_TRUE(index) << index.error().message();
    index_ = *index;
    auto ts = SqliteTicketStore::Open(dir_.Path("belfry.db"));
    ASSERT_TRUE(ts);
    tracker_ = std::move(*ts);
    config_.period = 86400;
  }

  PendingEvent Pending(int64_t id, const char* ip, Route route, const char* tlp = "AMBER",
                       const char* type = "vulnerable-system") {
    PendingEvent p;
    p.id = id;
    p.seen = kNow - 3600;
    p.route = std::move(route);
    p.decoded = true;
    EXPECT_TRUE(p.event.Add(fields::kSourceIp, ip));
    EXPECT_TRUE(p.event.Add(fields::kSourcePort, "23"));
    EXPECT_TRUE(p.event.Add(fields::kClassificationType, type));
    EXPECT_TRUE(p.event.Add(fields::kFeedName, "Accessible-Telnet"));
    EXPECT_TRUE(p.event.Add(fields::kTimeSource, "2026-11-29T08:00:00+00:00"));
    EXPECT_TRUE(p.event.Add(fields::kTlp, tlp));
    return p;
  }
  static Route Org(const char* org, const char* email) {
    return Route{RouteKind::kConstituent, org, email, false};
  }
  NotifyPlan Plan(std::vector<PendingEvent> events) {
    PlanInputs in;
    in.config = &config_;
    in.default_languages = &languages_;
    in.index = index_.get();
    in.store = tracker_.get();
    in.now = kNow;
    NotifyPlanner planner(in);
    for (auto& e : events) planner.Add(e);
    auto plan = planner.Finish();
    EXPECT_TRUE(plan) << plan.error().message();
    return plan ? std::move(*plan) : NotifyPlan{};
  }
  const NotifyGroup* Group(const NotifyPlan& p, const std::string& email) {
    for (const auto& g : p.groups)
      if (g.recipient.email == email) return &g;
    return nullptr;
  }

  testing::TempDir dir_;
  std::unique_ptr<SqliteConstituencyStore> constituency_;
  std::shared_ptr<const ConstituencyIndex> index_;
  std::unique_ptr<SqliteTicketStore> tracker_;
  NotifyConfig config_;
  std::vector<std::string> languages_ = {"nl", "fr"};
};

TEST_F(NotifyPlanTest, RecipientsTheirPreferencesAndTlp) {
  auto plan = Plan({
      Pending(1, "192.0.2.1", Org("ORG-A", "first@shop.example")),
      Pending(2, "192.0.2.2", Org("ORG-A", "first@shop.example")),
      Pending(3, "198.51.100.1", Org("ORG-N", "soc@grid.example")),
      Pending(4, "203.0.113.1", Route{RouteKind::kPeer, "", "PEER-X", false}),
      Pending(5, "203.0.113.2", Route{RouteKind::kPeer, "", "PEER-X", false}, "AMBER+STRICT"),
      Pending(6, "192.0.2.3", Org("ORG-A", "first@shop.example"), "RED"),
      Pending(7, "192.0.2.4", Org("ORG-A", "first@shop.example"), "AMBER+STRICT"),
  });
  ASSERT_EQ(plan.groups.size(), 3u);
  const NotifyGroup* shop = Group(plan, "first@shop.example");
  ASSERT_TRUE(shop);
  EXPECT_EQ(shop->events.size(), 3u);  // 1, 2 and the AMBER+STRICT one: the organisation itself
  EXPECT_EQ(shop->tlp, Tlp::kAmberStrict);
  EXPECT_EQ(shop->recipient.languages, std::vector<std::string>{"fr"});
  EXPECT_EQ(shop->recipient.format.data, DataFormat::kJson);
  EXPECT_EQ(shop->template_name, "notify");  // no notify-<type> known in this test
  const NotifyGroup* grid = Group(plan, "soc@grid.example");
  ASSERT_TRUE(grid);
  EXPECT_EQ(grid->recipient.nis2, "essential");
  EXPECT_EQ(grid->recipient.languages, (std::vector<std::string>{"nl", "fr"}));
  const NotifyGroup* peer = Group(plan, "cert@peer.example");
  ASSERT_TRUE(peer);
  EXPECT_EQ(peer->events.size(), 1u);  // AMBER+STRICT never goes to a peer
  EXPECT_EQ(peer->template_name, "notify-peer");
  EXPECT_EQ(plan.counts.tlp, 2u);
  EXPECT_EQ(plan.skip_ids, (std::vector<int64_t>{5, 6}));
}

TEST_F(NotifyPlanTest, AnUnknownContactFormatIsRefusedAtImport) {
  const std::string csv =
      "organisation,name,country,sector,entity_class,tags,networks,asns,domains,email,role,"
      "language,format,pgp_fingerprint,contact_network\n"
      "ORG-X,Example X,BE,digital-infrastructure,none,,,,,x@example.org,abuse,,iodef,,\n";
  std::vector<std::string> errors;
  ASSERT_TRUE(ImportConstituencyCsv(constituency_.get(), csv,
                                    [&](const auto& e) { errors.push_back(e.reason); }));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("format 'iodef' must be csv, csv-semicolon"), std::string::npos)
      << errors[0];
}

TEST_F(NotifyPlanTest, RulesInhibitionsPeriodsAndMinimums) {
  NotifyRule exclude;
  exclude.feed = "Accessible-Telnet";
  exclude.organisation = "ORG-N";
  exclude.exclude = true;
  NotifyRule batch;
  batch.classification = "scanner";
  batch.min_count = 3;
  config_.rules = {exclude, batch};
  Inhibition resolver;
  resolver.organisation = "ORG-A";
  resolver.network = "192.0.2.53/32";
  resolver.until = kNow + 86400;
  resolver.reason = "our resolver";
  ASSERT_TRUE(tracker_->AddInhibition(resolver));
  // A daily digest already went to the shop an hour ago.
  NotificationRecord sent;
  sent.recipient = "first@shop.example";
  sent.group_key = "vulnerable-system";
  sent.created = kNow - 3600;
  sent.state = "queued";
  ASSERT_TRUE(tracker_->AddNotification(sent));
  auto plan = Plan({
      Pending(1, "198.51.100.1", Org("ORG-N", "soc@grid.example")),               // excluded
      Pending(2, "192.0.2.53", Org("ORG-A", "first@shop.example"), "AMBER", "scanner"),  // inhibited
      Pending(3, "192.0.2.1", Org("ORG-A", "first@shop.example")),                // period
      Pending(4, "192.0.2.7", Org("ORG-A", "first@shop.example"), "AMBER", "scanner"),
      Pending(5, "192.0.2.8", Org("ORG-A", "first@shop.example"), "AMBER", "infected-system"),
  });
  EXPECT_EQ(plan.counts.excluded, 1u);
  EXPECT_EQ(plan.counts.inhibited, 1u);
  EXPECT_EQ(plan.counts.held_period, 1u);
  EXPECT_EQ(plan.counts.held_min_count, 1u);  // one scanner event of three needed
  ASSERT_EQ(plan.groups.size(), 1u);          // infected systems go at once
  EXPECT_EQ(plan.groups[0].classification, "infected-system");
  EXPECT_EQ(plan.skip_ids, (std::vector<int64_t>{1, 2}));
}

TEST_F(NotifyPlanTest, LedgerFailingRecipientsAndStaleEvents) {
  ASSERT_TRUE(tracker_->AddSent("first@shop.example", 9, {1}));
  ASSERT_TRUE(tracker_->MarkFailing("first@shop.example", kNow - 10, 9, "5.1.1 failed"));
  PendingEvent old = Pending(3, "192.0.2.9", Org("ORG-A", "first@shop.example"));
  old.seen = kNow - 30 * 86400;
  auto plan = Plan({
      Pending(1, "192.0.2.1", Org("ORG-A", "first@shop.example")),
      Pending(2, "192.0.2.2", Org("ORG-A", "first@shop.example")),
      std::move(old),
  });
  // The first contact bounces: the organisation's next one gets the events.
  ASSERT_EQ(plan.groups.size(), 1u);
  EXPECT_EQ(plan.groups[0].recipient.email, "second@shop.example");
  EXPECT_EQ(plan.groups[0].events.size(), 2u);
  EXPECT_EQ(plan.counts.stale, 1u);
  ASSERT_TRUE(tracker_->MarkFailing("second@shop.example", kNow - 5, 10, "5.1.1 failed"));
  plan = Plan({Pending(2, "192.0.2.2", Org("ORG-A", "first@shop.example"))});
  EXPECT_TRUE(plan.groups.empty());
  EXPECT_EQ(plan.counts.held_failing, 1u);  // nobody left: the officer decides
  ASSERT_TRUE(tracker_->ClearFailing("first@shop.example"));
  plan = Plan({Pending(1, "192.0.2.1", Org("ORG-A", "first@shop.example"))});
  EXPECT_TRUE(plan.groups.empty());
  EXPECT_EQ(plan.counts.already_sent, 1u);  // the ledger: never twice to the same address
  EXPECT_EQ(plan.notified_ids, std::vector<int64_t>{1});
}

}  // namespace
}  // namespace belfry
