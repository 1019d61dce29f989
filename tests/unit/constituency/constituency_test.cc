// The constituency database against real SQLite: RIPE, CSV and Trusted Introducer imports,
// lookups, inheritance, re-imports, routing.

#include <gtest/gtest.h>
#include <zlib.h>

#include "constituency/constituency_holder.h"
#include "constituency/directory_importers.h"
#include "constituency/ripe_importer.h"
#include "enrich/router.h"
#include "store/backends/sqlite/sqlite_constituency_store.h"
#include "test_util.h"

namespace belfry {
namespace {

const std::string kExamples = std::string(BELFRY_SOURCE_DIR) + "/examples/constituency/";

class ConstituencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = SqliteConstituencyStore::Open(dir_.Path("belfry.db"));
    ASSERT_TRUE(s) << s.error().message();
    store_ = std::move(*s);
  }
  RipeImportStats ImportRipe(const std::vector<std::string>& files) {
    RipeImporter importer(store_.get(), [&](const RipeImportError& e) { errors_.push_back(e); });
    auto stats = importer.Import(files);
    EXPECT_TRUE(stats) << stats.error().message();
    return stats ? *stats : RipeImportStats{};
  }
  void ImportSamples() {
    ImportRipe({kExamples + "ripe-sample.db"});
    auto csv = testing::ReadFile(kExamples + "organisations.csv");
    ASSERT_TRUE(ImportConstituencyCsv(store_.get(), csv, [](auto&) {}));
    auto ti = testing::ReadFile(kExamples + "peer-teams.json");
    ASSERT_TRUE(ImportTrustedIntroducer(store_.get(), ti, [](auto&) {}));
  }
  std::shared_ptr<const ConstituencyIndex> Index(ConstituencyConfig config = {}) {
    auto index = ConstituencyIndex::Build(store_.get(), config);
    EXPECT_TRUE(index) << index.error().message();
    return *index;
  }
  static LookupQuery Ip(const char* ip) {
    LookupQuery q;
    q.ip = *IpAddress::Parse(ip);
    return q;
  }
  static ConstituencyConfig Belgium() {
    ConstituencyConfig c;
    c.countries = {"BE"};
    c.languages = {"nl", "fr"};
    return c;
  }

  testing::TempDir dir_;
  std::unique_ptr<SqliteConstituencyStore> store_;
  std::vector<RipeImportError> errors_;
};

TEST_F(ConstituencyTest, RipeImportCountsAndReportsMalformedObjects) {
  auto stats = ImportRipe({kExamples + "ripe-sample.db"});
  EXPECT_EQ(stats.per_class["inetnum"], 6u);
  EXPECT_EQ(stats.per_class["inet6num"], 2u);
  EXPECT_EQ(stats.per_class["aut-num"], 3u);
  EXPECT_EQ(stats.per_class["organisation"], 4u);
  EXPECT_EQ(stats.per_class["role"], 3u);
  EXPECT_EQ(stats.per_class["irt"], 1u);
  EXPECT_EQ(stats.skipped, 1u);  // the person object
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_EQ(errors_[0].line, 102u);
  EXPECT_NE(errors_[0].file.find("ripe-sample.db"), std::string::npos);
  EXPECT_NE(errors_[0].reason.find("192.0.2.0 - 192.0.2."), std::string::npos);
}

TEST_F(ConstituencyTest, MalformedRpslKeepsTheRest) {
  const std::string path =
      dir_.Write("bad.db",
                 "inetnum: 192.0.2.0 - 192.0.2.255\nnetname: OK-1\norg: ORG-A\n\n"
                 "this is not rpsl\nat all\n\n"
                 " continuation first\n\n"
                 "inetnum: 192.0.2.300 - 192.0.2.400\nnetname: BAD-ADDRESS\n\n"
                 "inet6num: 192.0.2.0/24\nnetname: WRONG-FAMILY\n\n"
                 "aut-num: ASnotanumber\n\n"
                 "route: 192.0.2.0/24\n\n"
                 "inetnum: 192.0.2.10 - 192.0.2.5\nnetname: BACKWARDS\n\n"
                 "inetnum: 192.0.2.128 - 192.0.2.255\nnetname: OK-2\norg: ORG-A\n");
  auto stats = ImportRipe({path});
  EXPECT_EQ(stats.imported, 2u);
  EXPECT_EQ(stats.rejected, 7u);
  std::vector<uint64_t> lines;
  for (const auto& e : errors_) lines.push_back(e.line);
  EXPECT_EQ(lines, (std::vector<uint64_t>{5, 8, 10, 13, 16, 18, 20}));
  auto r = Index()->Lookup(Ip("192.0.2.200"));
  EXPECT_EQ(r.network, "192.0.2.128/25");
}

TEST_F(ConstituencyTest, GzipInputIsRead) {
  const std::string plain = testing::ReadFile(kExamples + "ripe-sample.db");
  const std::string path = dir_.Path("ripe.db.gz");
  gzFile f = gzopen(path.c_str(), "wb");
  gzwrite(f, plain.data(), static_cast<unsigned>(plain.size()));
  gzclose(f);
  auto stats = ImportRipe({path});
  EXPECT_EQ(stats.per_class["inetnum"], 6u);
}

TEST_F(ConstituencyTest, MostSpecificNetworkOrganisationAndAbuseMailbox) {
  ImportRipe({kExamples + "ripe-sample.db"});
  auto index = Index(Belgium());
  // Nested: the university's /25 inside the ISP's /24.
  auto r = index->Lookup(Ip("198.51.100.10"));
  EXPECT_EQ(r.network, "198.51.100.0/25");
  EXPECT_EQ(r.organisation, "Example University");
  EXPECT_EQ(r.handle, "ORG-EU1-RIPE");
  EXPECT_EQ(r.abuse_email, "cert@university.example");
  EXPECT_EQ(r.asn, 64500);  // from the route object
  EXPECT_TRUE(r.in_constituency);
  EXPECT_EQ(r.route, RouteKind::kConstituent);
  EXPECT_EQ(r.route_to, "cert@university.example");
  // Outside the university, still the ISP's allocation.
  r = index->Lookup(Ip("198.51.100.210"));
  EXPECT_EQ(r.network, "198.51.100.0/24");
  EXPECT_EQ(r.handle, "ORG-EI1-RIPE");
  EXPECT_EQ(r.abuse_email, "abuse@isp.example");  // the organisation's abuse-c
  // A range that is not one CIDR.
  r = index->Lookup(Ip("198.51.100.200"));
  EXPECT_EQ(r.network, "198.51.100.128 - 198.51.100.200");
  EXPECT_EQ(r.abuse_email, "security@hospital.example");  // from mnt-irt
  EXPECT_EQ(index->Lookup(Ip("198.51.100.201")).network, "198.51.100.0/24");
  // IPv6, nested.
  r = index->Lookup(Ip("2001:db8:1fff::1"));
  EXPECT_EQ(r.network, "2001:db8:1000::/36");
  EXPECT_EQ(r.handle, "ORG-EU1-RIPE");
  EXPECT_EQ(r.abuse_email, "cert@university.example");
  r = index->Lookup(Ip("2001:db8:2000::1"));
  EXPECT_EQ(r.network, "2001:db8::/32");
  EXPECT_EQ(r.abuse_email, "abuse@isp.example");
  // Outside every known network.
  r = index->Lookup(Ip("192.0.2.77"));
  EXPECT_FALSE(r.in_constituency);
  EXPECT_EQ(r.network, "");
  EXPECT_EQ(r.route, RouteKind::kUnrouted);
  EXPECT_FALSE(index->Lookup(Ip("2001:db9::1")).in_constituency);
}

TEST_F(ConstituencyTest, AbuseContactInheritedFromLessSpecificObject) {
  ImportRipe({kExamples + "ripe-sample.db"});
  auto index = Index(Belgium());
  // The labs /27 has neither org nor abuse-c: both come from the university's /25.
  auto r = index->Lookup(Ip("198.51.100.70"));
  EXPECT_EQ(r.network, "198.51.100.64/27");
  EXPECT_EQ(r.network_name, "EXAMPLE-UNIVERSITY-LABS");
  EXPECT_EQ(r.handle, "ORG-EU1-RIPE");
  EXPECT_EQ(r.abuse_email, "cert@university.example");
  // The customer /28 inherits the ISP's.
  r = index->Lookup(Ip("198.51.100.230"));
  EXPECT_EQ(r.network, "198.51.100.224/28");
  EXPECT_EQ(r.abuse_email, "abuse@isp.example");
}

TEST_F(ConstituencyTest, ManualEntriesWinAndSurviveReimport) {
  ImportSamples();
  auto index = Index(Belgium());
  // The CSV adds a contact for the labs network: it wins over the inherited RIPE one.
  auto r = index->Lookup(Ip("198.51.100.70"));
  EXPECT_EQ(r.abuse_email, "labs-abuse@university.example");
  ASSERT_FALSE(r.contacts.empty());
  EXPECT_TRUE(r.contacts[0].manual);
  EXPECT_EQ(r.contacts[0].language, "nl");
  // Manual sector and entity class on an imported organisation.
  r = index->Lookup(Ip("198.51.100.150"));
  EXPECT_EQ(r.sector, "health");
  EXPECT_EQ(r.entity_class, "essential");
  // Re-import RIPE data: manual records stay.
  ImportRipe({kExamples + "ripe-sample.db"});
  r = Index(Belgium())->Lookup(Ip("198.51.100.70"));
  EXPECT_EQ(r.abuse_email, "labs-abuse@university.example");
  r = Index(Belgium())->Lookup(Ip("192.0.2.9"));
  EXPECT_EQ(r.handle, "MIN-EXAMPLE");
  EXPECT_EQ(r.contacts.at(0).pgp_fingerprint, "0123456789ABCDEF0123456789ABCDEF01234567");
  // Unknown language: the team's defaults.
  r = Index(Belgium())->Lookup(Ip("198.51.100.10"));
  EXPECT_EQ(r.contacts.at(0).language, "nl+fr");
}

TEST_F(ConstituencyTest, ReimportRemovesWhatVanishedFromTheSource) {
  ImportRipe({kExamples + "ripe-sample.db"});
  EXPECT_EQ(Index(Belgium())->Lookup(Ip("198.51.100.230")).network, "198.51.100.224/28");
  // The new inetnum file lacks the customer assignment; other classes are untouched.
  const std::string path = dir_.Write("ripe.db.inetnum",
                                      "inetnum: 198.51.100.0 - 198.51.100.255\n"
                                      "netname: BE-EXAMPLE-ISP\ncountry: BE\norg: ORG-EI1-RIPE\n");
  ImportRipe({path});
  auto index = Index(Belgium());
  auto r = index->Lookup(Ip("198.51.100.230"));
  EXPECT_EQ(r.network, "198.51.100.0/24");
  EXPECT_EQ(r.abuse_email, "abuse@isp.example");  // organisation and role still there
  EXPECT_EQ(index->Lookup(Ip("198.51.100.10")).network, "198.51.100.0/24");
  EXPECT_EQ(index->Lookup(Ip("2001:db8:1000::1")).network, "2001:db8:1000::/36");  // inet6num kept
}

TEST_F(ConstituencyTest, OverlappingRangesMostSpecificWins) {
  const std::string path =
      dir_.Write("overlap.db",
                 "inetnum: 192.0.2.0 - 192.0.2.199\nnetname: A\norg: ORG-A\n\n"
                 "inetnum: 192.0.2.100 - 192.0.2.255\nnetname: B\norg: ORG-B\n\n"
                 "inetnum: 192.0.2.150 - 192.0.2.160\nnetname: C\norg: ORG-C\n");
  ImportRipe({path});
  auto index = Index();
  EXPECT_EQ(index->Lookup(Ip("192.0.2.50")).network_name, "A");
  EXPECT_EQ(index->Lookup(Ip("192.0.2.120")).network_name, "B");  // 156 addresses < 200
  EXPECT_EQ(index->Lookup(Ip("192.0.2.155")).network_name, "C");
  EXPECT_EQ(index->Lookup(Ip("192.0.2.220")).network_name, "B");
  // No scope: an imported registry is the world, not the constituency.
  EXPECT_FALSE(index->Lookup(Ip("192.0.2.50")).in_constituency);
}

// Regression: the real dump's IANA-BLK (0.0.0.0/0) and ::/0 objects became the parent of
// every network: 8.8.8.8 answered "constituent, route -> abuse@" of IANA's block.
TEST_F(ConstituencyTest, IanaAndRirBlocksAreNeverOwnersNorContactSources) {
  auto stats = ImportRipe({std::string(BELFRY_SOURCE_DIR) + "/tests/data/ripe/ripe-split-shape.db"});
  EXPECT_EQ(stats.administrative, 4u);  // IANA-BLK, NON-RIPE-NCC-MANAGED, ::/0, EU-ZZ
  for (const auto& config : {ConstituencyConfig{}, Belgium()}) {
    auto index = Index(config);
    auto world = index->Lookup(Ip("8.8.8.8"));
    EXPECT_EQ(world.matched_by, "");
    EXPECT_FALSE(world.in_constituency);
    EXPECT_EQ(world.abuse_email, "");
    EXPECT_EQ(world.route, RouteKind::kUnrouted);
    auto v6 = index->Lookup(Ip("2001:db8:ffff::1"));
    EXPECT_FALSE(v6.in_constituency);
    EXPECT_EQ(v6.abuse_email, "");
  }
  auto index = Index(Belgium());
  // The customer assignment inherits the LIR allocation's abuse-c, not IANA's.
  auto customer = index->Lookup(Ip("198.51.100.70"));
  EXPECT_EQ(customer.network_name, "EXAMPLE-CUSTOMER-NET");
  EXPECT_EQ(customer.abuse_email, "abuse@isp.example.be");
  EXPECT_EQ(customer.handle, "ORG-EXI1-RIPE");
  EXPECT_TRUE(customer.in_constituency);
  EXPECT_EQ(customer.route_to, "abuse@isp.example.be");
  auto v6 = index->Lookup(Ip("2001:db8:be00:100::5"));
  EXPECT_EQ(v6.abuse_email, "abuse@isp.example.be");
  EXPECT_TRUE(v6.in_constituency);
  // IPv4-mapped IPv6 finds its IPv4 network.
  auto mapped = index->Lookup(Ip("::ffff:198.51.100.70"));
  EXPECT_EQ(mapped.network_name, "EXAMPLE-CUSTOMER-NET");
}

TEST_F(ConstituencyTest, DomainAsnAndCountryMatches) {
  ImportSamples();
  auto index = Index(Belgium());
  LookupQuery q;
  q.fqdn = "www.Ministry.example";
  auto r = index->Lookup(q);
  EXPECT_EQ(r.matched_by, "fqdn");
  EXPECT_EQ(r.handle, "MIN-EXAMPLE");
  LookupQuery a;
  a.asn = 64501;
  r = index->Lookup(a);
  EXPECT_EQ(r.matched_by, "asn");
  EXPECT_EQ(r.handle, "ORG-EU1-RIPE");
  LookupQuery c;
  c.country = "BE";
  r = index->Lookup(c);
  EXPECT_EQ(r.matched_by, "country");
  EXPECT_TRUE(r.in_constituency);
  EXPECT_EQ(r.route, RouteKind::kTriage);  // ours, but nobody known to tell
}

TEST_F(ConstituencyTest, OutsideTheConstituencyGoesToThePeerNeverToAConstituent) {
  ImportSamples();
  auto index = Index(Belgium());
  auto r = index->Lookup(Ip("203.0.113.5"));  // a Dutch network
  EXPECT_FALSE(r.in_constituency);
  EXPECT_EQ(r.route, RouteKind::kPeer);
  EXPECT_EQ(r.route_to, "EXAMPLE-CERT-NL");
  EXPECT_EQ(r.peer_email, "cert@cert-nl.example");
  // A peer's netblock, ASN.
  EXPECT_EQ(index->Lookup(Ip("192.0.2.200")).peer, "EXAMPLE-NREN-CERT");
  LookupQuery a;
  a.asn = 64520;
  EXPECT_EQ(index->Lookup(a).route, RouteKind::kPeer);
  // Mailing the foreign network's own abuse contact is opt-in.
  ConstituencyConfig optin = Belgium();
  optin.notify_foreign_abuse_contacts = true;
  // Without the peer teams the Dutch network stays unrouted unless opted in.
  ASSERT_TRUE(store_->Begin());
  ASSERT_TRUE(store_->DeleteOrigin(kTiOrigin, {}));
  ASSERT_TRUE(store_->Commit());
  EXPECT_EQ(Index(Belgium())->Lookup(Ip("203.0.113.5")).route, RouteKind::kUnrouted);
  r = Index(optin)->Lookup(Ip("203.0.113.5"));
  EXPECT_EQ(r.route, RouteKind::kForeign);
  EXPECT_EQ(r.route_to, "abuse@hosting.example");
}

TEST_F(ConstituencyTest, RouteEventWritesConstituencyAndAbuseContact) {
  ImportSamples();
  auto index = Index(Belgium());
  Event e;
  ASSERT_TRUE(e.Add(fields::kSourceIp, "198.51.100.10"));
  ASSERT_TRUE(e.Add(fields::kConstituency, "SOMEONE-ELSE"));
  auto a = RouteEvent(*index, &e, false);
  EXPECT_EQ(a.kind, RouteKind::kConstituent);
  EXPECT_EQ(e.Get(fields::kConstituency), "ORG-EU1-RIPE");
  EXPECT_EQ(e.Get(fields::kSourceAbuseContact), "cert@university.example");
  EXPECT_EQ(e.GetExtra("route")->value, "constituent");
  // Foreign source: no constituent contact, the feed's claim of constituency removed.
  Event f;
  ASSERT_TRUE(f.Add(fields::kSourceIp, "203.0.113.9"));
  ASSERT_TRUE(f.Add(fields::kDestinationIp, "198.51.100.10"));
  ASSERT_TRUE(f.Add(fields::kConstituency, "ORG-EU1-RIPE"));
  a = RouteEvent(*index, &f, false);
  EXPECT_EQ(a.kind, RouteKind::kPeer);
  EXPECT_FALSE(f.Has(fields::kConstituency));
  EXPECT_FALSE(f.Has(fields::kSourceAbuseContact));
  // Routed on the destination (e.g. a victim-side feed).
  a = RouteEvent(*index, &f, true);
  EXPECT_EQ(a.kind, RouteKind::kConstituent);
  EXPECT_EQ(f.Get(fields::kDestinationAbuseContact), "cert@university.example");
}

TEST_F(ConstituencyTest, TrustedIntroducerSampleImports) {
  std::vector<DirectoryImportError> errors;
  auto stats = ImportTrustedIntroducer(
      store_.get(), testing::ReadFile(std::string(BELFRY_SOURCE_DIR) + "/tests/data/ti/teams.json"),
      [&](const DirectoryImportError& e) { errors.push_back(e); });
  ASSERT_TRUE(stats) << stats.error().message();
  EXPECT_EQ(stats->peers, 4u);
  EXPECT_TRUE(errors.empty());
  auto index = Index(Belgium());
  LookupQuery at;
  at.country = "AT";
  EXPECT_EQ(index->Lookup(at).peer, "CERT.at");  // the national team, not a sector team
  LookupQuery dom;
  dom.fqdn = "www.uni.ac.at";
  EXPECT_EQ(index->Lookup(dom).peer, "ACOnet-CERT");
  LookupQuery asn;
  asn.asn = 679;
  EXPECT_EQ(index->Lookup(asn).peer, "ACOnet-CERT");
  auto bad = ImportTrustedIntroducer(store_.get(), "{\"not\": \"a list\"}", [](auto&) {});
  EXPECT_FALSE(bad);
}

TEST_F(ConstituencyTest, CsvRejectsBadRowsWithTheirLine) {
  std::vector<DirectoryImportError> errors;
  auto stats = ImportConstituencyCsv(store_.get(),
                                     "organisation,name,sector,networks,email,language\n"
                                     "ORG-1,One,health,192.0.2.0/28,a@one.example,nl\n"
                                     "ORG-2,Two,bakery,,,\n"
                                     "ORG-3,Three,energy,192.0.2.999/28,,\n"
                                     "ORG-4,Four,energy,,not-an-email,\n"
                                     "ORG-5,Five,energy,,e@five.example,es\n"
                                     ",Nobody,,,,\n"
                                     "ORG-6,Six\n",
                                     [&](const DirectoryImportError& e) { errors.push_back(e); });
  ASSERT_TRUE(stats) << stats.error().message();
  EXPECT_EQ(stats->organisations, 1u);
  std::vector<uint64_t> lines;
  for (const auto& e : errors) lines.push_back(e.line);
  EXPECT_EQ(lines, (std::vector<uint64_t>{3, 4, 5, 6, 7, 8}));
  EXPECT_NE(errors[0].reason.find("bakery"), std::string::npos);
  auto bad = ImportConstituencyCsv(store_.get(), "organisation,colour\nX,red\n", [](auto&) {});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("colour"), std::string::npos);
}

TEST_F(ConstituencyTest, HolderSwapsTheIndexWhenTheDatabaseChanges) {
  ConstituencyHolder holder(store_.get(), Belgium());
  ASSERT_TRUE(holder.Refresh());
  auto before = holder.Current();
  EXPECT_EQ(before->networks(), 0u);
  auto again = holder.Refresh();
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);  // unchanged: no rebuild
  ImportRipe({kExamples + "ripe-sample.db"});
  auto changed = holder.Refresh();
  ASSERT_TRUE(changed);
  EXPECT_TRUE(*changed);
  EXPECT_GT(holder.Current()->networks(), 0u);
  EXPECT_EQ(before->networks(), 0u);  // a reader's snapshot is never changed under it
}

TEST_F(ConstituencyTest, WatchingHolderPicksUpAnImportFromAnotherConnection) {
  ConstituencyHolder holder(store_.get(), Belgium());
  ASSERT_TRUE(holder.Refresh());
  holder.StartWatching(std::chrono::milliseconds(20), [](const Error&) {});
  {
    // Another process (here: connection) imports while the holder watches.
    auto other = SqliteConstituencyStore::Open(dir_.Path("belfry.db"));
    ASSERT_TRUE(other);
    RipeImporter importer(other->get(), [](auto&) {});
    ASSERT_TRUE(importer.Import({kExamples + "ripe-sample.db"}));
  }
  for (int i = 0; i < 500 && holder.Current()->networks() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  holder.StopWatching();
  EXPECT_GT(holder.Current()->networks(), 0u);
  EXPECT_EQ(holder.Current()->Lookup(Ip("198.51.100.10")).handle, "ORG-EU1-RIPE");
}

}  // namespace
}  // namespace belfry
