// The ingest pipeline against a real SQLite store.

#include <gtest/gtest.h>

#include "app/config.h"
#include "core/date_time.h"
#include "model/event_json.h"
#include "parse/parsers/shadowserver/shadowserver_parser.h"
#include "pipeline/ingest_pipeline.h"
#include "store/backends/sqlite/sqlite_event_store.h"
#include "test_util.h"

namespace belfry {
namespace {

constexpr int64_t kNow = 1795348800LL * 1000000;  // 2026-11-22T12:00:00Z

const char* kTelnet =
    "\"timestamp\",\"ip\",\"port\",\"protocol\",\"asn\",\"geo\",\"tag\"\n"
    "\"2026-11-21 01:00:00\",\"192.0.2.40\",\"23\",\"tcp\",\"64496\",\"BE\",\"telnet\"\n"
    "\"2026-11-21 02:00:00\",\"192.0.2.41\",\"2323\",\"tcp\",\"64497\",\"BE\",\"telnet\"\n"
    "\"2026-11-21 03:00:00\",\"2001:db8::42\",\"23\",\"tcp\",\"64496\",\"BE\",\"telnet\"\n"
    "\"2026-11-21 25:00:00\",\"192.0.2.99\",\"23\",\"tcp\",\"64496\",\"BE\",\"telnet\"\n"
    "\"2026-11-21 04:00:00\",\"198.51.100.7\",\"23\",\"tcp\",\"64498\",\"NL\",\"telnet\"\n";

class IngestTest : public ::testing::Test {
 protected:
  Result<IngestSummary> Ingest(const std::vector<std::string>& files, FakeClock& clock,
                               Config config = {}) {
    auto store = SqliteEventStore::Open(dir_.Path("belfry.db"), config.store.max_segments);
    EXPECT_TRUE(store) << store.error().message();
    ShadowserverParser parser(*ShadowserverSchemaSource::Create(""), "");
    IngestPipeline pipeline(config.ingest_options(), clock, store->get());
    IngestRequest req;
    req.files = files;
    req.dead_letter_path = dir_.Path("dead-letters.jsonl");
    return pipeline.Run(req, &parser);
  }
  std::vector<FoundEvent> Search(EventQuery q) {
    auto store = SqliteEventStore::Open(dir_.Path("belfry.db"));
    auto r = (*store)->Search(q);
    EXPECT_TRUE(r) << r.error().message();
    return *r;
  }
  testing::TempDir dir_;
};

TEST_F(IngestTest, StoresEventsAndDeadLettersTheRest) {
  FakeClock clock(kNow);
  auto f = dir_.Write("2026-11-21-scan_telnet-be.csv", kTelnet);
  auto r = Ingest({f}, clock);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->records, 5u);
  EXPECT_EQ(r->stored, 4u);
  EXPECT_EQ(r->rejected, 1u);
  std::string dl = testing::ReadFile(dir_.Path("dead-letters.jsonl"));
  EXPECT_NE(dl.find("\"file\": \"2026-11-21-scan_telnet-be.csv\", \"line\": 5, \"reason\": "),
            std::string::npos)
      << dl;
  EXPECT_NE(dl.find("192.0.2.99"), std::string::npos);
}

TEST_F(IngestTest, SearchByIpCidrAsnTypeFeedAndTime) {
  FakeClock clock(kNow);
  ASSERT_TRUE(Ingest({dir_.Write("2026-11-21-scan_telnet-be.csv", kTelnet)}, clock));
  EventQuery q;
  q.ip = *IpAddress::Parse("192.0.2.41");
  auto found = Search(q);
  ASSERT_EQ(found.size(), 1u);
  auto e = ParseEventJson(found[0].body);
  ASSERT_TRUE(e) << found[0].body;
  EXPECT_EQ(*e->Get(fields::kSourcePort), "2323");
  EXPECT_EQ(*e->Get(fields::kFeedName), "Accessible-Telnet");  // report-common field merged back
  EXPECT_NE(found[0].raw.find("192.0.2.41"), std::string::npos);
  EXPECT_EQ(found[0].raw_prefix.substr(0, 12), "\"timestamp\",");

  EventQuery cidr;
  cidr.cidr = *IpNetwork::Parse("192.0.2.0/24");
  EXPECT_EQ(Search(cidr).size(), 2u);
  EventQuery v6;
  v6.cidr = *IpNetwork::Parse("2001:db8::/32");
  EXPECT_EQ(Search(v6).size(), 1u);
  EventQuery asn;
  asn.asn = 64496;
  EXPECT_EQ(Search(asn).size(), 2u);
  EventQuery type;
  type.type = "vulnerable-system";
  type.feed = "Accessible-Telnet";
  EXPECT_EQ(Search(type).size(), 4u);
  type.type = "ddos";
  EXPECT_EQ(Search(type).size(), 0u);
  EventQuery window;
  window.since_micros = *ParseDateTimeMicros("2026-11-21T02:00:00Z");
  window.until_micros = *ParseDateTimeMicros("2026-11-21T04:00:00Z");
  EXPECT_EQ(Search(window).size(), 2u);
  EventQuery newest;
  newest.limit = 1;
  auto top = Search(newest);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_NE(top[0].body.find("198.51.100.7"), std::string::npos);
}

TEST_F(IngestTest, ReplayStoresNothingTwiceAndTheWindowSurvivesRestart) {
  FakeClock clock(kNow);
  auto f = dir_.Write("2026-11-21-scan_telnet-be.csv", kTelnet);
  ASSERT_EQ(Ingest({f}, clock)->stored, 4u);
  clock.AdvanceSeconds(3600);  // a new process an hour later
  auto again = Ingest({f}, clock);
  EXPECT_EQ(again->stored, 0u);
  EXPECT_EQ(again->duplicates, 4u);
  clock.AdvanceSeconds(86400);  // past the 24 h window: the same findings are new again
  EXPECT_EQ(Ingest({f}, clock)->stored, 4u);
}

TEST_F(IngestTest, ANewDatabaseStartsWithAnEmptyWindow) {
  FakeClock clock(kNow);
  auto f = dir_.Write("2026-11-21-scan_telnet-be.csv", kTelnet);
  ASSERT_EQ(Ingest({f}, clock)->stored, 4u);
  std::filesystem::remove(dir_.Path("belfry.db"));
  std::filesystem::remove(dir_.Path("belfry.db-wal"));
  std::filesystem::remove(dir_.Path("belfry.db-shm"));
  EXPECT_EQ(Ingest({f}, clock)->stored, 4u);
}

TEST_F(IngestTest, UnreadableReportIsCountedNotFatal) {
  FakeClock clock(kNow);
  auto good = dir_.Write("2026-11-21-scan_telnet-be.csv", kTelnet);
  auto bad = dir_.Write("2026-11-21-no_such_type.csv", "a,b\n1,2\n");
  auto r = Ingest({bad, good}, clock);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->failed_files, 1u);
  EXPECT_EQ(r->stored, 4u);
  EXPECT_NE(testing::ReadFile(dir_.Path("dead-letters.jsonl")).find("no_such_type"),
            std::string::npos);
}

TEST_F(IngestTest, ManySmallIngestsAreCompacted) {
  FakeClock clock(kNow);
  Config config;
  config.store.max_segments = 4;
  for (int i = 0; i < 10; ++i) {
    std::string csv = "\"timestamp\",\"ip\",\"port\"\n\"2026-11-21 01:00:00\",\"192.0.2." +
                      std::to_string(i + 1) + "\",\"23\"\n";
    auto r = Ingest({dir_.Write("2026-11-21-scan_telnet-" + std::to_string(i) + ".csv", csv)},
                    clock, config);
    ASSERT_TRUE(r) << r.error().message();
  }
  auto store = SqliteEventStore::Open(dir_.Path("belfry.db"), 4);
  auto stats = (*store)->Stats();
  EXPECT_LE(stats->segments, 4u);
  EXPECT_EQ(stats->events, 10u);
  EventQuery all;
  EXPECT_EQ(Search(all).size(), 10u);
  uint64_t rows = 0;
  ASSERT_TRUE((*store)->Query("SELECT \"source.ip\", \"feed.name\", \"raw\" FROM events",
                              [&](const auto& names, const auto& values, const auto&) {
                                ++rows;
                                EXPECT_EQ(names[1], "feed.name");
                                EXPECT_EQ(values[1], "Accessible-Telnet");
                                EXPECT_NE(values[2].find("\"timestamp\""), std::string::npos);
                              }));
  EXPECT_EQ(rows, 10u);
  EXPECT_FALSE(
      (*store)->Query("DELETE FROM reports", [](const auto&, const auto&, const auto&) {}));
  EXPECT_FALSE((*store)->Query("ATTACH '/tmp/belfry-should-not-exist.db' AS x",
                               [](const auto&, const auto&, const auto&) {}));
  EXPECT_FALSE(std::filesystem::exists("/tmp/belfry-should-not-exist.db"));
  EXPECT_FALSE(
      (*store)->Query("PRAGMA journal_mode=DELETE", [](const auto&, const auto&, const auto&) {}));
}

TEST_F(IngestTest, PurgeAppliesRetentionPerDataClass) {
  FakeClock clock(kNow);
  ASSERT_TRUE(Ingest({dir_.Write("2026-11-21-scan_telnet-be.csv", kTelnet)}, clock));
  clock.AdvanceSeconds(100 * 86400);
  ASSERT_TRUE(Ingest(
      {dir_.Write(
          "2026-11-21-scan_telnet-nl.csv",
          "\"timestamp\",\"ip\",\"port\"\n\"2026-11-21 01:00:00\",\"203.0.113.5\",\"23\"\n")},
      clock));
  auto store = SqliteEventStore::Open(dir_.Path("belfry.db"));
  RetentionConfig r;  // raw 90 d, events 395 d
  auto p = (*store)->Purge(r, clock.NowSeconds());
  ASSERT_TRUE(p) << p.error().message();
  EXPECT_EQ(p->events_deleted, 0u);
  EXPECT_EQ(p->raw_cleared, 4u);
  EventQuery q;
  q.ip = *IpAddress::Parse("192.0.2.40");
  auto old = Search(q);
  ASSERT_EQ(old.size(), 1u);
  EXPECT_TRUE(old[0].raw.empty());
  r.events_seconds = 30 * 86400;
  p = (*store)->Purge(r, clock.NowSeconds());
  EXPECT_EQ(p->events_deleted, 4u);
  EXPECT_EQ(Search(EventQuery{}).size(), 1u);
}

}  // namespace
}  // namespace belfry

namespace belfry {
namespace {

// A database written before routing existed (schema 1) is upgraded in place: its events are
// kept, searchable, and count as not routed.
TEST(StoreMigration, SchemaOneGetsRoutingColumns) {
  testing::TempDir dir;
  const std::string db = dir.Path("old.db");
  {
    auto store = SqliteEventStore::Open(db);
    ASSERT_TRUE(store);
    FakeClock clock(kNow);
    ShadowserverParser parser(*ShadowserverSchemaSource::Create(""), "");
    IngestPipeline pipeline(Config{}.ingest_options(), clock, store->get());
    IngestRequest req;
    req.files = {dir.Write("2026-11-21-scan_telnet-be.csv", kTelnet)};
    req.dead_letter_path = dir.Path("dl.jsonl");
    ASSERT_TRUE(pipeline.Run(req, &parser));
  }
  {
    auto raw = SqliteDb::Open(db);
    ASSERT_TRUE(raw);
    ASSERT_TRUE((*raw)->Exec(
        "DROP VIEW IF EXISTS events; ALTER TABLE ev_1 DROP COLUMN route; "
        "ALTER TABLE ev_1 DROP COLUMN flags; ALTER TABLE ev_1 DROP COLUMN notified; "
        "DROP TABLE routes; UPDATE meta SET value = '1' WHERE key = 'schema_version';"));
  }
  auto store = SqliteEventStore::Open(db);
  ASSERT_TRUE(store) << store.error().message();
  EventQuery q;
  q.ip = *IpAddress::Parse("192.0.2.41");
  auto found = (*store)->Search(q);
  ASSERT_TRUE(found) << found.error().message();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_FALSE(found->at(0).route);
  auto rerouted = (*store)->Reroute([](Event*, bool) {
    return Route{RouteKind::kTriage, "", "", false};
  });
  ASSERT_TRUE(rerouted) << rerouted.error().message();
  EXPECT_EQ(*rerouted, 4u);
}

}  // namespace
}  // namespace belfry

namespace belfry {
namespace {

// A parser that fails the way a bug or an exhausted memory would: by throwing.
class ThrowingParser : public Parser {
 public:
  std::string_view name() const override { return "throwing"; }
  Status Begin(const ReportInfo&) override { return Ok(); }
  Result<size_t> Parse(std::string_view, bool, ParseOutput*) override {
    throw std::runtime_error("parser exploded");
  }
  const std::vector<std::pair<FieldId, std::string>>& ReportConstants() const override {
    return constants_;
  }

 private:
  std::vector<std::pair<FieldId, std::string>> constants_;
};

// Worker threads catch at their top: the run ends with an error naming the stage, the
// process goes on, nothing half-written is kept, and the next run works.
TEST_F(IngestTest, AThrowingStageEndsTheRunNotTheProcess) {
  FakeClock clock(kNow);
  auto f = dir_.Write("2026-11-21-scan_telnet-be.csv", kTelnet);
  Config config;
  auto store = SqliteEventStore::Open(dir_.Path("belfry.db"), config.store.max_segments);
  ASSERT_TRUE(store);
  {
    ThrowingParser parser;
    IngestPipeline pipeline(config.ingest_options(), clock, store->get());
    IngestRequest req;
    req.files = {f};
    req.dead_letter_path = dir_.Path("dead-letters.jsonl");
    auto r = pipeline.Run(req, &parser);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message().find("parse stage failed: parser exploded"), std::string::npos)
        << r.error().message();
  }
  EXPECT_EQ((*store)->Stats()->events, 0u);
  store->reset();
  auto again = Ingest({f}, clock);
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_EQ(again->stored, 4u);
}

}  // namespace
}  // namespace belfry
