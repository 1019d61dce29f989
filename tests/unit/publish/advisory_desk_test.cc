// The advisory workflow on a real SQLite store: four eyes, schedules, revisions, withdrawal,
// translations; and every CSAF document it leads to passes the mandatory tests.

#include "publish/advisory_desk.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "publish/csaf_checks.h"
#include "publish/csaf_writer.h"
#include "store/backends/sqlite/sqlite_ticket_store.h"
#include "test_util.h"

namespace belfry {
namespace {

constexpr int64_t kStart = 1796000000LL * 1000000;  // 2026-11-30

constexpr const char* kSource = R"(+++
title = "Flaw in Example Router"
severity = "high"
cves = ["CVE-2026-10001", "CVE-2026-10002"]
cvss = ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.0/AV:L/AC:H/PR:L/UI:N/S:U/C:L/I:N/A:N"]
references = ["https://psirt.example.com/r/1"]
[[products]]
vendor = "Example"
product = "Router"
versions = "< 2.1, 1.0.5"
fixed = "2.1"
purl = "pkg:generic/example/router"
+++
A remote attacker can take over the router.
)";

class AdvisoryDeskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(*SqliteTicketStore::Open(dir_.Path("belfry.db")));
  }
  std::unique_ptr<AdvisoryDesk> Desk(bool four_eyes) {
    config_.four_eyes = four_eyes;
    return std::make_unique<AdvisoryDesk>(store_.get(), config_, team_, clock_,
                                          [this](const Advisory& a) {
                                            changes_.push_back(a);
                                            return Ok();
                                          });
  }
  void ExpectCsafPasses(const Advisory& a) {
    auto src = SourceOf(a);
    ASSERT_TRUE(src) << src.error().message();
    CsafContext ctx{&team_, &config_, clock_.NowSeconds(), "1.0"};
    auto findings = CheckCsafMandatoryText(CsafDocument(a, *src, ctx));
    ASSERT_TRUE(findings);
    for (const auto& f : *findings) ADD_FAILURE() << a.tracking_id << ": " << f.test << " " << f.path << " " << f.message;
  }

  testing::TempDir dir_;
  std::unique_ptr<SqliteTicketStore> store_;
  PublishConfig config_;
  TeamConfig team_;
  FakeClock clock_{kStart};
  std::vector<Advisory> changes_;
};

TEST_F(AdvisoryDeskTest, FourEyesThenPublishReviseWithdraw) {
  auto desk = Desk(true);
  auto a = desk->Create(kSource, "router.md", "ann");
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(a->tracking_id, "BELFRY-2026-0001");
  ExpectCsafPasses(*a);  // a draft: version 0
  EXPECT_FALSE(desk->Publish(a->id, "ann"));
  EXPECT_TRUE(desk->Submit(a->id, "ann"));
  EXPECT_FALSE(desk->Review(a->id, "ann", true, ""));  // not one's own
  auto back = desk->Review(a->id, "bob", false, "add the fixed version");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->status, AdvisoryStatus::kDraft);
  ASSERT_TRUE(desk->Review(a->id, "bob", true, ""));
  clock_.AdvanceSeconds(60);
  auto published = desk->Publish(a->id, "ann");
  ASSERT_TRUE(published) << published.error().message();
  EXPECT_EQ(published->status, AdvisoryStatus::kPublished);
  EXPECT_EQ(published->reviewer, "bob");
  ASSERT_EQ(changes_.size(), 1u);
  ExpectCsafPasses(*published);
  EXPECT_FALSE(desk->Edit(a->id, kSource, "router.md", "ann"));  // published: revise
  EXPECT_FALSE(desk->Revise(a->id, kSource, "router.md", "", "ann"));  // a summary is needed
  clock_.AdvanceSeconds(3600);
  auto revised = desk->Revise(a->id, kSource, "router.md", "CVSS corrected", "ann");
  ASSERT_TRUE(revised);
  ASSERT_EQ(revised->revisions.size(), 2u);
  EXPECT_EQ(revised->revisions[1].number, 2);
  ExpectCsafPasses(*revised);
  auto withdrawn = desk->Withdraw(a->id, "duplicate of BELFRY-2026-0002", "ann");
  ASSERT_TRUE(withdrawn);
  EXPECT_EQ(withdrawn->revisions.back().summary, "Withdrawn: duplicate of BELFRY-2026-0002");
  ExpectCsafPasses(*withdrawn);
  EXPECT_EQ(changes_.size(), 3u);
}

TEST_F(AdvisoryDeskTest, TranslationsAndSchedules) {
  auto desk = Desk(false);
  auto en = desk->Create(kSource, "en.md", "ann");
  ASSERT_TRUE(en);
  std::string fr_source = kSource;
  fr_source.insert(4, "lang = \"fr\"\n");
  auto fr = desk->Create(fr_source, "fr.md", "ann", en->id);
  ASSERT_TRUE(fr) << fr.error().message();
  EXPECT_EQ(fr->tracking_id, "BELFRY-2026-0001-FR");
  EXPECT_EQ(fr->group(), en->id);
  EXPECT_FALSE(desk->Create(fr_source, "fr2.md", "ann", fr->id));  // French exists already
  auto scheduled = desk->Publish(en->id, "ann", clock_.NowSeconds() + 3600);
  ASSERT_TRUE(scheduled);
  EXPECT_EQ(scheduled->status, AdvisoryStatus::kApproved);
  EXPECT_TRUE(desk->PublishDue()->empty());
  clock_.AdvanceSeconds(3600);
  auto due = desk->PublishDue();
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ(due->front().status, AdvisoryStatus::kPublished);
  EXPECT_EQ(desk->Find("BELFRY-2026-0001-FR")->id, fr->id);
  EXPECT_EQ(desk->Find(std::to_string(en->id))->id, en->id);
  EXPECT_FALSE(desk->Find("BELFRY-1999-0001"));
}

}  // namespace
}  // namespace belfry
