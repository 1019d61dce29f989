// Enrichment stages: MaxMind databases (MaxMind's own test files), time sanity, and routing
// inside the ingest pipeline with re-routing after a constituency change (real SQLite).

#include <gtest/gtest.h>

#include <filesystem>

#include "app/config.h"
#include "constituency/directory_importers.h"
#include "constituency/ripe_importer.h"
#include "enrich/geo_expert.h"
#include "enrich/router.h"
#include "enrich/time_sanity.h"
#include "model/event_json.h"
#include "parse/parsers/intelmq_json/intelmq_json_parser.h"
#include "parse/parsers/shadowserver/shadowserver_parser.h"
#include "pipeline/ingest_pipeline.h"
#include "store/backends/sqlite/sqlite_constituency_store.h"
#include "store/backends/sqlite/sqlite_event_store.h"
#include "test_util.h"

namespace belfry {
namespace {

const std::string kMaxmind = std::string(BELFRY_SOURCE_DIR) + "/tests/data/maxmind/";
const std::string kExamples = std::string(BELFRY_SOURCE_DIR) + "/examples/constituency/";
constexpr int64_t kNow = 1795348800LL;  // 2026-11-22T12:00:00Z

TEST(GeoExpert, KindComesFromMetadata) {
  auto geo =
      GeoExpert::Open({kMaxmind + "GeoLite2-ASN-Test.mmdb", kMaxmind + "GeoLite2-Country-Test.mmdb",
                       kMaxmind + "GeoLite2-City-Test.mmdb"});
  ASSERT_TRUE(geo) << geo.error().message();
  auto d = geo->Describe();
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].second, MmdbKind::kAsn);
  EXPECT_EQ(d[1].second, MmdbKind::kCountry);
  EXPECT_EQ(d[2].second, MmdbKind::kCity);
  auto missing = GeoExpert::Open({"/nonexistent.mmdb"});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("/nonexistent.mmdb"), std::string::npos);
  testing::TempDir dir;
  auto junk = GeoExpert::Open({dir.Write("junk.mmdb", "not a database")});
  ASSERT_FALSE(junk);
  EXPECT_NE(junk.error().message().find("junk.mmdb"), std::string::npos);
}

TEST(GeoExpert, FillsAsnAndCountryWithoutOverwritingFeedValues) {
  auto geo =
      GeoExpert::Open({kMaxmind + "GeoLite2-ASN-Test.mmdb", kMaxmind + "GeoLite2-City-Test.mmdb"});
  ASSERT_TRUE(geo);
  // GeoLite2-ASN-Test.json: 1.128.0.0/11 -> AS1221 "Telstra Pty Ltd".
  Event e;
  ASSERT_TRUE(e.Add(fields::kSourceIp, "1.128.0.1"));
  // GeoLite2-City-Test.json: 81.2.69.142/31 -> GB, London, 51.5142 / -0.0931.
  ASSERT_TRUE(e.Add(fields::kDestinationIp, "81.2.69.142"));
  geo->Enrich(&e);
  EXPECT_EQ(e.Get(fields::kSourceAsn), "1221");
  EXPECT_EQ(e.Get(fields::kSourceAsName), "Telstra Pty Ltd");
  EXPECT_EQ(e.Get(fields::kDestinationGeolocationCc), "GB");
  EXPECT_EQ(e.Get(fields::kDestinationGeolocationCity), "London");
  EXPECT_EQ(e.Get(fields::kDestinationGeolocationLatitude), "51.5142");
  // The feed's values win.
  Event f;
  ASSERT_TRUE(f.Add(fields::kSourceIp, "81.2.69.142"));
  ASSERT_TRUE(f.Add(fields::kSourceGeolocationCc, "BE"));
  ASSERT_TRUE(f.Add(fields::kSourceAsn, "64500"));
  geo->Enrich(&f);
  EXPECT_EQ(f.Get(fields::kSourceGeolocationCc), "BE");
  EXPECT_EQ(f.Get(fields::kSourceAsn), "64500");
  EXPECT_FALSE(f.Has(fields::kSourceGeolocationCity));  // London is not in BE
  // IPv6: GeoLite2-ASN-Test.json 2600:6000::/20 -> AS237.
  Event g;
  ASSERT_TRUE(g.Add(fields::kSourceIp, "2600:6000::1"));
  geo->Enrich(&g);
  EXPECT_EQ(g.Get(fields::kSourceAsn), "237");
}

TEST(GeoExpert, ReloadsAChangedFile) {
  testing::TempDir dir;
  const std::string path = dir.Path("current.mmdb");
  std::filesystem::copy_file(kMaxmind + "GeoLite2-Country-Test.mmdb", path);
  auto geo = GeoExpert::Open({path});
  ASSERT_TRUE(geo);
  EXPECT_EQ(geo->Describe()[0].second, MmdbKind::kCountry);
  // An update replaces the file (atomically, by rename).
  std::filesystem::copy_file(kMaxmind + "GeoLite2-ASN-Test.mmdb", dir.Path("next.mmdb"));
  std::filesystem::rename(dir.Path("next.mmdb"), path);
  ASSERT_TRUE(geo->ReloadIfChanged());
  EXPECT_EQ(geo->Describe()[0].second, MmdbKind::kAsn);
  Event e;
  ASSERT_TRUE(e.Add(fields::kSourceIp, "1.128.0.1"));
  geo->Enrich(&e);
  EXPECT_EQ(e.Get(fields::kSourceAsn), "1221");
}

TEST(TimeSanity, FlagsFutureDelayedAndStale) {
  TimeSanityConfig c;  // 1 h tolerance, 30 d delay, 30 d stale
  auto check = [&](const char* source, const char* observation) {
    Event e;
    EXPECT_TRUE(e.Add(fields::kTimeSource, source));
    if (observation) {
      EXPECT_TRUE(e.Add(fields::kTimeObservation, observation));
    }
    uint8_t flags = CheckTimeSanity(&e, kNow, c);
    auto extra = e.GetExtra("time_sanity");
    EXPECT_EQ(extra ? std::string(extra->value) : "", TimeFlagsText(flags));
    return flags;
  };
  EXPECT_EQ(check("2026-11-22T10:00:00+00:00", "2026-11-22T11:00:00+00:00"), 0);
  EXPECT_EQ(check("2026-11-22T14:00:00+00:00", nullptr), kTimeFuture);
  EXPECT_EQ(check("2026-09-01T00:00:00+00:00", "2026-11-22T11:00:00+00:00"),
            kTimeStale | kTimeDelayed);
  EXPECT_EQ(check("2026-10-01T00:00:00+00:00", "2026-10-02T00:00:00+00:00"), kTimeStale);
}

const char* kReport =
    "\"timestamp\",\"ip\",\"port\",\"protocol\",\"asn\",\"geo\",\"tag\"\n"
    "\"2026-11-21 01:00:00\",\"198.51.100.10\",\"23\",\"tcp\",\"64500\",\"BE\",\"telnet\"\n"
    "\"2026-11-21 02:00:00\",\"198.51.100.230\",\"23\",\"tcp\",\"64500\",\"BE\",\"telnet\"\n"
    "\"2026-11-21 03:00:00\",\"203.0.113.9\",\"23\",\"tcp\",\"64510\",\"NL\",\"telnet\"\n"
    "\"2026-11-21 04:00:00\",\"192.0.2.77\",\"23\",\"tcp\",\"\",\"\",\"telnet\"\n"
    "\"2026-09-01 04:00:00\",\"198.51.100.11\",\"23\",\"tcp\",\"64500\",\"BE\",\"telnet\"\n";

// A database with the sample RIPE objects (and optionally the peer teams), an event store
// on it, and an ingest pipeline routing with its constituency.
class RoutingStage : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.constituency.countries = {"BE"};
    auto cstore = SqliteConstituencyStore::Open(dir_.Path("belfry.db"));
    ASSERT_TRUE(cstore);
    cstore_ = std::move(*cstore);
    RipeImporter importer(cstore_.get(), [](auto&) {});
    ASSERT_TRUE(importer.Import({kExamples + "ripe-sample.db"}));
    auto store = SqliteEventStore::Open(dir_.Path("belfry.db"));
    ASSERT_TRUE(store);
    store_ = std::move(*store);
  }
  void ImportPeers() {
    ASSERT_TRUE(ImportTrustedIntroducer(
        cstore_.get(), testing::ReadFile(kExamples + "peer-teams.json"), [](auto&) {}));
  }
  Result<IngestSummary> Ingest(Parser* parser, const std::string& name, const std::string& data,
                               EnrichmentStages stages = {}) {
    ConstituencyHolder holder(cstore_.get(), config_.constituency);
    EXPECT_TRUE(holder.Refresh());
    FakeClock clock(kNow * 1000000);
    IngestPipeline pipeline(config_.ingest_options(), clock, store_.get());
    stages.constituency = &holder;
    pipeline.SetEnrichment(stages);
    IngestRequest req;
    req.files = {dir_.Write(name, data)};
    req.dead_letter_path = dir_.Path("dl.jsonl");
    return pipeline.Run(req, parser);
  }
  Result<uint64_t> Reroute() {
    auto index = ConstituencyIndex::Build(cstore_.get(), config_.constituency);
    EXPECT_TRUE(index);
    return store_->Reroute([&](Event* e, bool destination) {
      return (*index)->Decide(QueryFromEvent(*e, destination), destination);
    });
  }
  std::string Rows(const std::string& sql) {
    std::string out;
    EXPECT_TRUE(
        store_->Query(sql, [&](const std::vector<std::string>&, const std::vector<std::string>& v,
                               const std::vector<SqlType>&) {
          for (const auto& x : v) out += x + "|";
        }));
    return out;
  }

  testing::TempDir dir_;
  Config config_;
  std::unique_ptr<SqliteConstituencyStore> cstore_;
  std::unique_ptr<SqliteEventStore> store_;
};

TEST_F(RoutingStage, IngestedEventsCarryConstituencyAndRouteAndFollowChanges) {
  ImportPeers();
  ShadowserverParser parser(*ShadowserverSchemaSource::Create(""), "");
  auto run = Ingest(&parser, "2026-11-21-scan_telnet-be.csv", kReport);
  ASSERT_TRUE(run) << run.error().message();
  ASSERT_EQ(run->stored, 5u);
  auto find = [&](const char* ip) {
    EventQuery q;
    q.ip = *IpAddress::Parse(ip);
    auto found = store_->Search(q);
    EXPECT_TRUE(found && found->size() == 1u);
    return found->at(0);
  };
  auto uni = find("198.51.100.10");
  ASSERT_TRUE(uni.route);
  EXPECT_EQ(uni.route->kind, RouteKind::kConstituent);
  EXPECT_EQ(uni.route->org, "ORG-EU1-RIPE");
  auto body = ParseEventJson(uni.body);
  ASSERT_TRUE(body);
  EXPECT_EQ(body->Get(fields::kConstituency), "ORG-EU1-RIPE");
  EXPECT_EQ(body->Get(fields::kSourceAbuseContact), "cert@university.example");
  EXPECT_EQ(find("203.0.113.9").route->kind, RouteKind::kPeer);
  EXPECT_EQ(find("203.0.113.9").route->target, "EXAMPLE-CERT-NL");
  EXPECT_EQ(find("192.0.2.77").route->kind, RouteKind::kUnrouted);
  EXPECT_EQ(find("198.51.100.11").time_flags & kTimeStale, kTimeStale);
  // The customer network has no contact of its own yet: the ISP's (inherited).
  EXPECT_EQ(find("198.51.100.230").route->target, "abuse@isp.example");

  // The team adds the customer as a constituent with its own contact: stored events follow.
  ASSERT_TRUE(ImportConstituencyCsv(
      cstore_.get(),
      "organisation,name,networks,email\nCUST-1,Example Bakery,198.51.100.224/28,"
      "it@bakery.example\n",
      [](auto&) {}));
  auto changed = Reroute();
  ASSERT_TRUE(changed) << changed.error().message();
  EXPECT_EQ(*changed, 1u);
  auto moved = find("198.51.100.230");
  EXPECT_EQ(moved.route->org, "CUST-1");
  EXPECT_EQ(moved.route->target, "it@bakery.example");
  auto moved_body = ParseEventJson(moved.body);
  ASSERT_TRUE(moved_body);
  EXPECT_EQ(moved_body->Get(fields::kConstituency), "CUST-1");
  EXPECT_EQ(moved_body->Get(fields::kSourceAbuseContact), "it@bakery.example");
  // The eventdb view shows the current decision too.
  EXPECT_EQ(Rows("SELECT constituency, route, route_to, \"source.abuse_contact\" FROM events "
                 "WHERE \"source.ip\" = '198.51.100.230'"),
            "CUST-1|constituent|it@bakery.example|it@bakery.example|");
}

TEST_F(RoutingStage, ReportTypesListedAreRoutedOnTheDestinationAndStayThereWhenRerouted) {
  EnrichmentStages stages;
  stages.destination_feed_names = {"Amplification-DDoS-Victim"};
  IntelMqJsonParser parser;
  // A foreign attacker hitting one of ours: a victim report is about the destination.
  auto run =
      Ingest(&parser, "victims.jsonl",
             "{\"feed.name\": \"Amplification-DDoS-Victim\", \"source.ip\": \"203.0.113.9\", "
             "\"destination.ip\": \"198.51.100.10\", \"classification.type\": \"ddos\", "
             "\"time.source\": \"2026-11-21T01:00:00+00:00\"}\n"
             "{\"feed.name\": \"Other\", \"source.ip\": \"203.0.113.9\", "
             "\"destination.ip\": \"198.51.100.10\", \"classification.type\": \"ddos\", "
             "\"time.source\": \"2026-11-21T01:00:00+00:00\"}\n",
             stages);
  ASSERT_TRUE(run) << run.error().message();
  ASSERT_EQ(run->stored, 2u);
  const std::string sql =
      "SELECT \"feed.name\", route, coalesce(\"destination.abuse_contact\", '-') FROM events "
      "ORDER BY 1";
  const std::string expected =
      "Amplification-DDoS-Victim|constituent|cert@university.example|Other|unrouted|-|";
  EXPECT_EQ(Rows(sql), expected);
  ASSERT_TRUE(Reroute());
  EXPECT_EQ(Rows(sql), expected);
}

}  // namespace
}  // namespace belfry
