// The store conformance suite: what every backend of every store interface must do
// (EventStore, ConstituencyStore, ReportLedger), written once against the interfaces and
// instantiated for each backend. A new backend (PostgreSQL) adds one factory below and
// passes the same tests.

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <set>
#include <string>

#include "collect/report_ledger.h"
#include "constituency/constituency_store.h"
#include "model/event.h"
#include "model/field_registry.h"
#include "store/backends/sqlite/sqlite_constituency_store.h"
#include "store/backends/sqlite/sqlite_event_store.h"
#include "store/backends/sqlite/sqlite_report_ledger.h"
#include "store/event_block.h"
#include "store/event_codec.h"
#include "access/user_store.h"
#include "publish/advisory_store.h"
#include "vuln/product_store.h"
#include "store/event_store.h"
#include "store/backends/sqlite/sqlite_ticket_store.h"
#include "store/store_test_data.h"
#include "test_util.h"

namespace belfry {
namespace {

using testing::TempDir;
using testing::kNow;
using testing::kTs;
using testing::MakeEvents;
using testing::WriteEvents;
using testing::AddTestReport;

// One backend: how to open each store on a fresh database in `dir`.
struct Backend {
  std::string name;
  std::function<std::unique_ptr<EventStore>(const TempDir&)> events;
  std::function<std::unique_ptr<ConstituencyStore>(const TempDir&)> constituency;
  std::function<std::unique_ptr<ReportLedger>(const TempDir&)> ledger;
  std::function<std::unique_ptr<TicketStore>(const TempDir&)> tickets;
};

void PrintTo(const Backend& b, std::ostream* os) { *os << b.name; }

Backend Sqlite() {
  return {"sqlite",
          [](const TempDir& d) -> std::unique_ptr<EventStore> {
            return std::move(*SqliteEventStore::Open(d.Path("belfry.db"), 4, 64));
          },
          [](const TempDir& d) -> std::unique_ptr<ConstituencyStore> {
            return std::move(*SqliteConstituencyStore::Open(d.Path("belfry.db")));
          },
          [](const TempDir& d) -> std::unique_ptr<ReportLedger> {
            return std::move(*SqliteReportLedger::Open(d.Path("belfry.db")));
          },
          [](const TempDir& d) -> std::unique_ptr<TicketStore> {
            return std::move(*SqliteTicketStore::Open(d.Path("belfry.db")));
          }};
}

class StoreConformance : public ::testing::TestWithParam<Backend> {
 protected:
  TempDir dir_;
};

// Two writers (two connections, as two processes) that loaded their dedup windows before
// either committed: the second to commit drops what the first stored, under the write lock.
TEST_P(StoreConformance, ConcurrentWritersStoreEachEventOnce) {
  auto a = GetParam().events(dir_);
  auto b = GetParam().events(dir_);
  auto noop = [](uint64_t, int64_t) {};
  ASSERT_TRUE(a->ForEachRecentHash(kNow - 3600, noop));
  ASSERT_TRUE(b->ForEachRecentHash(kNow - 3600, noop));
  auto sa = a->BeginIngest(kNow);
  auto sb = b->BeginIngest(kNow);
  ASSERT_TRUE(sa && sb);
  std::vector<StoreRow> rows_a, rows_b;
  std::vector<StoreBlock> blocks_a, blocks_b;
  auto ra = AddTestReport(**sa, "A", kNow);
  ASSERT_TRUE(ra);
  MakeEvents(10, kNow, "A", *ra, nullptr, &rows_a, &blocks_a);
  auto wa = (*sa)->Write(rows_a, blocks_a);
  ASSERT_TRUE(wa);
  EXPECT_EQ(wa->dropped, 0u);
  ASSERT_TRUE((*sa)->Commit());
  auto rb = AddTestReport(**sb, "A", kNow);
  ASSERT_TRUE(rb);
  MakeEvents(15, kNow, "A", *rb, nullptr, &rows_b, &blocks_b);  // 10 the same, 5 new
  auto wb = (*sb)->Write(rows_b, blocks_b);
  ASSERT_TRUE(wb) << wb.error().message();
  EXPECT_EQ(wb->dropped, 10u);
  ASSERT_TRUE((*sb)->Finish());
  ASSERT_TRUE((*sa)->Finish());
  sa->reset();
  sb->reset();
  EventQuery q;
  q.limit = 1000;
  auto found = b->Search(q);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->size(), 15u);
  // The five new ones are readable, with their own bodies.
  std::set<std::string> ips;
  for (const auto& e : *found) ips.insert(e.raw);
  EXPECT_EQ(ips.size(), 15u) << fmt::format("{}", fmt::join(ips, "|"));
}

TEST_P(StoreConformance, EventsAreFoundByEveryKey) {
  auto store = GetParam().events(dir_);
  ASSERT_TRUE(WriteEvents(*store, 10, kNow, "Accessible-HTTP"));
  auto count = [&](EventQuery q) {
    q.limit = 1000;
    auto r = store->Search(q);
    EXPECT_TRUE(r) << r.error().message();
    return r ? r->size() : 0;
  };
  EXPECT_EQ(count({}), 10u);
  EventQuery ip;
  ip.ip = *IpAddress::Parse("192.0.2.3");
  EXPECT_EQ(count(ip), 1u);
  EventQuery cidr;
  cidr.cidr = *IpNetwork::Parse("192.0.2.0/29");
  EXPECT_EQ(count(cidr), 7u);  // .1 to .7
  EventQuery asn;
  asn.asn = 64497;
  EXPECT_EQ(count(asn), 5u);
  EventQuery feed;
  feed.feed = "Accessible-HTTP";
  EXPECT_EQ(count(feed), 10u);
  feed.feed = "Other";
  EXPECT_EQ(count(feed), 0u);
  EventQuery since;
  since.since_micros = kTs + 8 * 1000000LL;
  EXPECT_EQ(count(since), 2u);
  EventQuery limited;
  limited.limit = 3;
  EXPECT_EQ(store->Search(limited)->size(), 3u);
  auto found = store->Search(ip);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_NE(found->at(0).body.find("\"source.ip\": \"192.0.2.3\""), std::string::npos);
  EXPECT_EQ(found->at(0).raw, "raw 192.0.2.3");
  auto stats = store->Stats();
  EXPECT_EQ(stats->events, 10u);
  EXPECT_EQ(stats->reports, 1u);
}

// The ids of every page of `page`'s search, following the keyset cursor.
std::vector<int64_t> AllPages(EventStore& store, EventQuery page) {
  std::vector<int64_t> ids;
  for (int guard = 0; guard < 1000; ++guard) {
    auto r = store.Search(page);
    EXPECT_TRUE(r) << r.error().message();
    if (!r) break;
    for (const auto& f : *r) ids.push_back(f.id);
    if (r->size() < page.limit) break;
    page.after = EventQuery::Position{r->back().ts, r->back().id};
  }
  return ids;
}

// A constituent's view (organisation) and keyset pages that cover everything exactly once.
TEST_P(StoreConformance, OrganisationFilterAndCursorPages) {
  auto store = GetParam().events(dir_);
  Route a{RouteKind::kConstituent, "ORG-A", "abuse@a.example", false};
  Route b{RouteKind::kConstituent, "ORG-B", "abuse@b.example", false};
  Route peer{RouteKind::kPeer, "ORG-A", "CERT-X", false};  // not ORG-A's own: a peer's
  ASSERT_TRUE(WriteEvents(*store, 7, kNow, "Feed-A", true, &a));
  ASSERT_TRUE(WriteEvents(*store, 5, kNow + 1, "Feed-B", true, &b));
  ASSERT_TRUE(WriteEvents(*store, 3, kNow + 2, "Feed-P", true, &peer));
  EventQuery q;
  q.organisation = "ORG-A";
  q.limit = 100;
  auto mine = store->Search(q);
  ASSERT_TRUE(mine) << mine.error().message();
  ASSERT_EQ(mine->size(), 7u);
  for (const auto& f : *mine) {
    ASSERT_TRUE(f.route);
    EXPECT_EQ(f.route->org, "ORG-A");
    EXPECT_EQ(f.route->kind, RouteKind::kConstituent);
  }
  q.organisation = "ORG-NONE";
  EXPECT_EQ(store->Search(q)->size(), 0u);
  EventQuery everything;
  everything.limit = 100;
  auto whole_before = store->Search(everything);
  ASSERT_TRUE(whole_before);
  // By ids (a ticket's evidence): exactly those, whatever else matches.
  EventQuery by_ids;
  by_ids.ids = {mine->at(0).id, mine->at(3).id, int64_t{999} << 32};
  auto picked = store->Search(by_ids);
  ASSERT_TRUE(picked) << picked.error().message();
  ASSERT_EQ(picked->size(), 2u);
  EXPECT_EQ(picked->at(0).id, mine->at(0).id);
  EXPECT_EQ(picked->at(1).id, mine->at(3).id);
  by_ids.organisation = "ORG-B";
  EXPECT_EQ(store->Search(by_ids)->size(), 0u);
  // Pages of 4 over all 15 events: newest first, each once, the same order as one search.
  EventQuery all;
  all.limit = 100;
  auto whole = store->Search(all);
  ASSERT_EQ(whole->size(), 15u);
  EventQuery page;
  page.limit = 4;
  const std::vector<int64_t> paged = AllPages(*store, page);
  ASSERT_EQ(paged.size(), whole->size());
  for (size_t i = 0; i < paged.size(); ++i) EXPECT_EQ(paged[i], whole->at(i).id) << i;
  // Above an id: what a later ingest stored, and nothing before.
  auto stats = store->Stats();
  ASSERT_TRUE(stats);
  int64_t highest = 0;
  for (const auto& f : *whole_before) highest = std::max(highest, f.id);
  EXPECT_EQ(stats->last_id, highest);
  ASSERT_TRUE(WriteEvents(*store, 2, kNow + 3, "Feed-L", true, &a));
  EventQuery later;
  later.above_id = stats->last_id;
  auto news = store->Search(later);
  ASSERT_TRUE(news);
  ASSERT_EQ(news->size(), 2u);
  for (const auto& f : *news) EXPECT_GT(f.id, stats->last_id);
}

// A network that holds most events (a backend may then look by time rather than by address)
// gives the same page and the same cursor pages as any other search.
TEST_P(StoreConformance, DenseNetworkPagesLikeAnyOther) {
  auto store = GetParam().events(dir_);
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(WriteEvents(*store, 200, kNow + i, "Feed"));
  EventQuery all;
  all.limit = 100000;
  auto whole = store->Search(all);
  ASSERT_TRUE(whole);
  ASSERT_EQ(whole->size(), 1200u);
  EventQuery page;
  page.cidr = *IpNetwork::Parse("192.0.2.0/24");
  page.limit = 97;
  const std::vector<int64_t> paged = AllPages(*store, page);
  ASSERT_EQ(paged.size(), whole->size());
  for (size_t i = 0; i < paged.size(); ++i) ASSERT_EQ(paged[i], whole->at(i).id) << i;
}

TEST_P(StoreConformance, AnUncommittedSessionLeavesNothing) {
  auto store = GetParam().events(dir_);
  ASSERT_TRUE(WriteEvents(*store, 5, kNow, "f", /*commit=*/false));
  EXPECT_EQ(store->Search({})->size(), 0u);
  EXPECT_EQ(store->Stats()->events, 0u);
  ASSERT_TRUE(WriteEvents(*store, 5, kNow, "f"));
  EXPECT_EQ(store->Stats()->events, 5u);
}

TEST_P(StoreConformance, RecentHashesFeedTheDedupWindow) {
  auto store = GetParam().events(dir_);
  ASSERT_TRUE(WriteEvents(*store, 3, kNow - 100000, "f"));
  ASSERT_TRUE(WriteEvents(*store, 2, kNow, "f"));
  int recent = 0;
  ASSERT_TRUE(store->ForEachRecentHash(kNow - 10, [&](uint64_t, int64_t seen) {
    EXPECT_GE(seen, kNow - 10);
    ++recent;
  }));
  EXPECT_EQ(recent, 2);
}

TEST_P(StoreConformance, RerouteChangesOnlyTheStoredDecision) {
  auto store = GetParam().events(dir_);
  Route unrouted;
  ASSERT_TRUE(WriteEvents(*store, 4, kNow, "f", true, &unrouted));
  // Events of AS64496 become a constituent's; the others stay unrouted.
  auto decide = [](Event* e, bool destination) {
    Route r;
    r.destination = destination;
    if (e->Get(fields::kSourceAsn) == "64496") {
      r.kind = RouteKind::kConstituent;
      r.org = "ORG-EXAMPLE";
      r.target = "abuse@isp.example";
    }
    return r;
  };
  auto changed = store->Reroute(decide);
  ASSERT_TRUE(changed) << changed.error().message();
  EXPECT_EQ(*changed, 2u);
  EventQuery q;
  q.asn = 64496;
  auto found = store->Search(q);
  ASSERT_TRUE(found);
  ASSERT_EQ(found->size(), 2u);
  for (const auto& f : *found) {
    ASSERT_TRUE(f.route);
    EXPECT_EQ(f.route->kind, RouteKind::kConstituent);
    EXPECT_NE(f.body.find("\"source.abuse_contact\": \"abuse@isp.example\""), std::string::npos)
        << f.body;
    EXPECT_NE(f.body.find("\"constituency\": \"ORG-EXAMPLE\""), std::string::npos) << f.body;
  }
  // The same decision again changes nothing.
  auto again = store->Reroute(decide);
  EXPECT_EQ(*again, 0u);
}

TEST_P(StoreConformance, PurgeKeepsWhatRetentionKeeps) {
  auto store = GetParam().events(dir_);
  RetentionConfig retention;  // raw 90 days, events 395 days
  ASSERT_TRUE(WriteEvents(*store, 3, kNow - 400 * 86400, "old"));
  ASSERT_TRUE(WriteEvents(*store, 2, kNow - 100 * 86400, "middle"));
  ASSERT_TRUE(WriteEvents(*store, 1, kNow, "new"));
  auto purged = store->Purge(retention, kNow);
  ASSERT_TRUE(purged) << purged.error().message();
  EXPECT_EQ(purged->events_deleted, 3u);
  EXPECT_EQ(purged->raw_cleared, 2u);
  auto left = store->Search({});
  ASSERT_EQ(left->size(), 3u);
  for (const auto& f : *left)
    EXPECT_EQ(f.raw.empty(), f.body.find("\"middle\"") != std::string::npos);
}

TEST_P(StoreConformance, SqlIsReadOnlyAndTyped) {
  auto store = GetParam().events(dir_);
  ASSERT_TRUE(WriteEvents(*store, 2, kNow, "f"));
  std::vector<SqlType> types;
  std::vector<std::string> values;
  ASSERT_TRUE(store->Query("SELECT count(*), max(\"source.ip\"), NULL FROM events",
                           [&](const auto&, const auto& v, const auto& t) {
                             values = v;
                             types = t;
                           }));
  ASSERT_EQ(types.size(), 3u);
  EXPECT_EQ(types[0], SqlType::kInteger);
  EXPECT_EQ(values[0], "2");
  EXPECT_EQ(types[1], SqlType::kText);
  EXPECT_EQ(types[2], SqlType::kNull);
  EXPECT_FALSE(store->Query("DELETE FROM reports", [](const auto&, const auto&, const auto&) {}));
}

TEST_P(StoreConformance, ConstituencyRoundTripsAndRollsBack) {
  auto store = GetParam().constituency(dir_);
  auto v0 = store->Version();
  ASSERT_TRUE(v0);
  ASSERT_TRUE(store->Begin());
  OrganisationRecord org;
  org.origin = "manual";
  org.handle = "ORG-EX1";
  org.name = "Example University";
  ASSERT_TRUE(store->PutOrganisation(org));
  NetworkRecord net;
  net.origin = "manual";
  net.source_class = "csv";
  net.key = "192.0.2.0/24";
  net.org = "ORG-EX1";
  net.first = *IpAddress::Parse("192.0.2.0");
  net.last = *IpAddress::Parse("192.0.2.255");
  ASSERT_TRUE(store->PutNetwork(net));
  ContactRecord contact;
  contact.origin = "manual";
  contact.org = "ORG-EX1";
  contact.email = "cert@university.example";
  ASSERT_TRUE(store->PutContact(contact));
  ASSERT_TRUE(store->Commit());
  EXPECT_NE(*store->Version(), *v0);
  auto counts = store->Counts();
  EXPECT_EQ(counts->organisations, 1u);
  EXPECT_EQ(counts->networks, 1u);
  EXPECT_EQ(counts->contacts, 1u);
  std::vector<std::string> names;
  ASSERT_TRUE(
      store->ForEachOrganisation([&](const OrganisationRecord& r) { names.push_back(r.name); }));
  EXPECT_EQ(names, std::vector<std::string>{"Example University"});
  // A rolled back import leaves nothing behind.
  ASSERT_TRUE(store->Begin());
  PeerRecord peer;
  peer.origin = "ti";
  peer.name = "EXAMPLE-CERT";
  ASSERT_TRUE(store->PutPeer(peer));
  ASSERT_TRUE(store->Rollback());
  EXPECT_EQ(store->Counts()->peers, 0u);
  // Importers replace only their own origin.
  ASSERT_TRUE(store->Begin());
  ASSERT_TRUE(store->DeleteOrigin("ripe", {}));
  ASSERT_TRUE(store->Commit());
  EXPECT_EQ(store->Counts()->organisations, 1u);
}

TEST_P(StoreConformance, LedgerRecordsEveryReportOnce) {
  auto ledger = GetParam().ledger(dir_);
  LedgerEntry e;
  e.feed = "shadowserver";
  e.source_id = "report-1";
  e.file_name = "2026-11-21-scan_http-belgium-asn.csv";
  e.sha256 = std::string(64, 'a');
  e.fetched_at = kNow;
  e.status = "pending";
  auto id = ledger->Begin(e);
  ASSERT_TRUE(id) << id.error().message();
  EXPECT_EQ(ledger->Pending("shadowserver")->size(), 1u);
  EXPECT_FALSE(ledger->FindIngested("shadowserver", e.sha256)->has_value());
  e.id = *id;
  e.status = "ingested";
  e.finished_at = kNow + 5;
  e.events = 42;
  ASSERT_TRUE(ledger->Finish(e));
  EXPECT_TRUE(ledger->Pending("shadowserver")->empty());
  auto found = ledger->FindIngested("shadowserver", e.sha256);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->events, 42u);
  EXPECT_TRUE(*ledger->SeenSource("shadowserver", "report-1"));
  EXPECT_FALSE(*ledger->SeenSource("other-feed", "report-1"));
  EXPECT_EQ(ledger->Recent("shadowserver", 10)->size(), 1u);
  FeedState st;
  st.feed = "shadowserver";
  st.last_run = kNow;
  st.failures = 2;
  st.etag = "\"abc\"";
  ASSERT_TRUE(ledger->SaveState(st));
  auto back = ledger->State("shadowserver");
  EXPECT_EQ(back->failures, 2);
  EXPECT_EQ(back->etag, "\"abc\"");
}

Ticket MakeTicket(Queue q, const std::string& subject, int64_t created) {
  Ticket t;
  t.queue = q;
  t.status = std::string(InitialStatus(q));
  t.subject = subject;
  t.created = t.updated = created;
  t.classification = "system-compromise";
  t.sector = "health";
  t.requestors = {"a@example.org", "b@example.org"};
  t.tags = {"ftp", "peer"};
  return t;
}

TEST_P(StoreConformance, TicketsRoundTripListAndCount) {
  auto store = GetParam().tickets(dir_);
  ASSERT_TRUE(store->Begin());
  auto a = store->CreateTicket(MakeTicket(Queue::kReports, "first", kNow));
  auto b = store->CreateTicket(MakeTicket(Queue::kIncidents, "second", kNow + 60));
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(store->Commit());
  auto got = store->GetTicket(*a);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->subject, "first");
  EXPECT_EQ((*got)->requestors, (std::vector<std::string>{"a@example.org", "b@example.org"}));
  EXPECT_EQ((*got)->tags, (std::vector<std::string>{"ftp", "peer"}));
  EXPECT_EQ((*got)->status, "new");
  // Resolved and answered: the counters follow.
  Ticket t = **got;
  t.status = "resolved";
  t.resolved = kNow + 3600;
  t.first_response = kNow + 600;
  ASSERT_TRUE(store->Begin());
  ASSERT_TRUE(store->UpdateTicket(t));
  ASSERT_TRUE(store->Commit());
  TicketFilter f;
  f.active_only = true;
  auto active = store->ListTickets(f);
  ASSERT_TRUE(active);
  ASSERT_EQ(active->size(), 1u);
  EXPECT_EQ(active->front().id, *b);
  f.active_only = false;
  f.queue = Queue::kReports;
  auto reports = store->ListTickets(f);
  ASSERT_TRUE(reports);
  ASSERT_EQ(reports->size(), 1u);
  auto stats = store->Stats(2026);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->created["reports"], 1);
  EXPECT_EQ(stats->created["incidents"], 1);
  EXPECT_EQ(stats->resolved["reports"], 1);
  EXPECT_EQ(stats->by_classification["incidents"]["system-compromise"], 1);
  EXPECT_EQ(stats->by_sector["reports"]["health"], 1);
  EXPECT_EQ(stats->median_response_seconds, 600);
  // A reclassification moves the count.
  t.classification = "phishing";
  ASSERT_TRUE(store->Begin());
  ASSERT_TRUE(store->UpdateTicket(t));
  ASSERT_TRUE(store->Commit());
  stats = store->Stats(2026);
  EXPECT_EQ(stats->by_classification["reports"]["phishing"], 1);
  EXPECT_EQ(stats->by_classification["reports"].count("system-compromise"), 0u);
}

TEST_P(StoreConformance, TicketLinksMessagesObservablesAndRollback) {
  auto store = GetParam().tickets(dir_);
  ASSERT_TRUE(store->Begin());
  int64_t incident = *store->CreateTicket(MakeTicket(Queue::kIncidents, "inc", kNow));
  int64_t report = *store->CreateTicket(MakeTicket(Queue::kReports, "rep", kNow));
  ASSERT_TRUE(store->Link(incident, report));
  TicketMessage m;
  m.ticket_id = report;
  m.direction = MessageDirection::kInbound;
  m.message_id = "abc@example.org";
  m.raw_sha256 = "00ff";
  m.body = "hello";
  m.attachments.push_back({0, "log.txt", "text/plain", std::string("a\0b", 3)});
  ASSERT_TRUE(store->AddMessage(m));
  TicketObservable o;
  o.ticket_id = report;
  o.observable = {ObservableType::kCidr, "192.0.2.0/24"};
  ASSERT_TRUE(store->AddObservable(o));
  ASSERT_TRUE(store->Commit());
  EXPECT_EQ(*store->Children(incident), std::vector<int64_t>{report});
  EXPECT_EQ(*store->Parents(report), std::vector<int64_t>{incident});
  EXPECT_EQ(*store->TicketOfMessage("abc@example.org"), std::optional<int64_t>(report));
  EXPECT_TRUE(*store->SeenInbound("", "00ff"));
  EXPECT_FALSE(*store->SeenInbound("other@example.org", "11"));
  auto msgs = store->Messages({report}, true);
  ASSERT_TRUE(msgs);
  ASSERT_EQ(msgs->size(), 1u);
  ASSERT_EQ(msgs->front().attachments.size(), 1u);
  EXPECT_EQ(msgs->front().attachments[0].data, std::string("a\0b", 3));
  // An address inside the network finds the ticket (range overlap).
  auto ip = IpAddress::Parse("192.0.2.77");
  auto hits = store->TicketsWithAddress(std::string(ip->Key()), std::string(ip->Key()), 10);
  ASSERT_TRUE(hits);
  EXPECT_EQ(*hits, std::vector<int64_t>{report});
  // Rolled back: nothing stays.
  ASSERT_TRUE(store->Begin());
  ASSERT_TRUE(store->CreateTicket(MakeTicket(Queue::kReports, "gone", kNow)));
  store->Rollback();
  TicketFilter f;
  EXPECT_EQ(store->ListTickets(f)->size(), 2u);
}

TEST_P(StoreConformance, UsersTokensAndAudit) {
  auto store = GetParam().tickets(dir_);
  auto* users = dynamic_cast<UserStore*>(store.get());
  ASSERT_NE(users, nullptr);
  User u;
  u.name = "marie";
  u.role = Role::kConstituent;
  u.organisation = "ORG-A";
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$x$y";
  u.created = kNow;
  auto id = users->AddUser(u);
  ASSERT_TRUE(id) << id.error().message();
  EXPECT_FALSE(users->AddUser(u));  // the name is taken
  auto found = users->FindUser("marie");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->role, Role::kConstituent);
  EXPECT_EQ((*found)->organisation, "ORG-A");
  EXPECT_EQ((*found)->password_hash, u.password_hash);
  EXPECT_FALSE(*users->FindUser("nobody"));
  ASSERT_TRUE(users->AddToken(*id, "digest-1", kNow));
  auto holder = users->UserOfToken("digest-1", kNow + 100);
  ASSERT_TRUE(holder && *holder);
  EXPECT_EQ((*holder)->name, "marie");
  EXPECT_FALSE(*users->UserOfToken("digest-2", kNow));
  (*found)->disabled = true;
  ASSERT_TRUE(users->UpdateUser(**found));
  EXPECT_TRUE((*users->GetUser(*id))->disabled);
  EXPECT_EQ(*users->RevokeTokens(*id), 1);
  EXPECT_FALSE(*users->UserOfToken("digest-1", kNow));
  EXPECT_EQ(users->ListUsers()->size(), 1u);
  ASSERT_TRUE(users->AddAudit({0, kNow, "admin", "user-add", "marie", "role=constituent"}));
  ASSERT_TRUE(users->AddAudit({0, kNow + 1, "marie", "login", "marie", ""}));
  auto audit = users->Audit(10);
  ASSERT_EQ(audit->size(), 2u);
  EXPECT_EQ(audit->front().action, "login");  // newest first
}

TEST_P(StoreConformance, AdvisoriesRevisionsAndTranslations) {
  auto store = GetParam().tickets(dir_);
  auto* advisories = dynamic_cast<AdvisoryStore*>(store.get());
  ASSERT_NE(advisories, nullptr);
  Advisory a;
  a.title = "Critical flaw in Example VPN";
  a.audience = "pro";
  a.kind = "advisory";
  a.lang = "en";
  a.severity = "critical";
  a.tlp = Tlp::kClear;
  a.author = "ann";
  a.source = "+++\ntitle = \"Critical flaw in Example VPN\"\n+++\nPatch.\n";
  a.created = a.updated = kNow;
  auto id = advisories->AddAdvisory(a);
  ASSERT_TRUE(id) << id.error().message();
  a.id = *id;
  a.tracking_id = fmt::format("BELFRY-2026-{:04}", *id);
  a.status = AdvisoryStatus::kPublished;
  a.published = kNow + 10;
  a.revisions.push_back({1, kNow + 10, "Initial release", "ann"});
  ASSERT_TRUE(advisories->UpdateAdvisory(a));
  Advisory fr = a;
  fr.id = 0;
  fr.tracking_id = "";
  fr.translation_of = *id;
  fr.lang = "fr";
  fr.status = AdvisoryStatus::kApproved;
  fr.publish_at = kNow + 3600;
  fr.revisions.clear();
  auto fr_id = advisories->AddAdvisory(fr);
  ASSERT_TRUE(fr_id);
  a.revisions.push_back({2, kNow + 20, "Fixed versions added", "bob"});
  ASSERT_TRUE(advisories->UpdateAdvisory(a));
  auto got = advisories->GetAdvisory(*id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->tracking_id, a.tracking_id);
  EXPECT_EQ((*got)->source, a.source);
  EXPECT_EQ((*got)->tlp, Tlp::kClear);
  ASSERT_EQ((*got)->revisions.size(), 2u);
  EXPECT_EQ((*got)->revisions[1].summary, "Fixed versions added");
  EXPECT_EQ((*got)->current_release(), kNow + 20);
  auto found = advisories->FindAdvisory(a.tracking_id);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->id, *id);
  EXPECT_FALSE(*advisories->FindAdvisory("BELFRY-1999-0001"));
  EXPECT_FALSE(*advisories->GetAdvisory(999));
  AdvisoryFilter group;
  group.group = *id;
  EXPECT_EQ(advisories->ListAdvisories(group)->size(), 2u);
  AdvisoryFilter due;
  due.due_at = kNow + 3599;
  EXPECT_TRUE(advisories->ListAdvisories(due)->empty());
  due.due_at = kNow + 3600;
  ASSERT_EQ(advisories->ListAdvisories(due)->size(), 1u);
  AdvisoryFilter lean;
  lean.with_source = false;
  lean.lang = "en";
  auto listed = advisories->ListAdvisories(lean);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE(listed->front().source.empty());
  EXPECT_EQ(listed->front().revisions.size(), 2u);
  AdvisoryFilter newest;
  newest.limit = 1;
  EXPECT_EQ(advisories->ListAdvisories(newest)->front().id, *fr_id);  // newest first
  Advisory missing = a;
  missing.id = 999;
  EXPECT_FALSE(advisories->UpdateAdvisory(missing));
}

TEST_P(StoreConformance, ProductsMatchesAndVendorAdvisories) {
  auto store = GetParam().tickets(dir_);
  auto* products = dynamic_cast<ProductStore*>(store.get());
  ASSERT_NE(products, nullptr);
  ConstituentProduct p;
  p.organisation = "ORG-A";
  p.vendor = "Example Networks";
  p.product = "Example VPN";
  p.version = "9.4.1";
  p.source = "declared";
  p.updated = kNow;
  ConstituentProduct q = p;
  q.organisation = "ORG-B";
  q.vendor = "example-networks";
  q.version = "";
  q.source = "observed:Accessible-SSH";
  q.cves = {"CVE-2026-1", "CVE-2026-2"};
  ASSERT_EQ(*products->UpsertProducts({p, q}), 2u);
  p.cpe = "cpe:2.3:a:example:vpn:9.4.1:*:*:*:*:*:*:*";
  ASSERT_TRUE(products->UpsertProducts({p}));  // the same one, refreshed
  EXPECT_EQ(products->ListProducts("")->size(), 2u);
  auto found = products->FindProducts("EXAMPLE networks", "example vpn");
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ(found->front().cpe, p.cpe);
  EXPECT_EQ(found->back().cves, q.cves);
  EXPECT_EQ(products->ProductsWithCve("CVE-2026-2")->size(), 1u);
  EXPECT_TRUE(products->ProductsWithCve("CVE-2026-")->empty());  // whole ids only
  EXPECT_EQ(products->ListProducts("ORG-B")->size(), 1u);
  EXPECT_FALSE(*products->RemoveProduct("ORG-B", "Example Networks", "Example VPN", "9.4.1"));
  ConstituentProduct extra = q;
  extra.version = "1.0";
  ASSERT_TRUE(products->UpsertProducts({extra}));
  EXPECT_TRUE(*products->RemoveProduct("ORG-B", "EXAMPLE networks", "example-vpn", "1.0"));
  EXPECT_EQ(products->ListProducts("ORG-B")->size(), 1u);
  EXPECT_EQ(*products->MatchTicket("BELFRY-2026-0001", "ORG-A"), 0);
  ASSERT_TRUE(products->RecordMatch("BELFRY-2026-0001", "ORG-A", 42, kNow));
  EXPECT_EQ(*products->MatchTicket("BELFRY-2026-0001", "ORG-A"), 42);
  EXPECT_EQ(*products->MatchTicket("BELFRY-2026-0001", "ORG-B"), 0);
  ASSERT_TRUE(products->RecordMatch("BELFRY-2026-0001", "ORG-0", 41, kNow + 1));
  ASSERT_TRUE(products->RecordMatch("BELFRY-2026-0002", "ORG-C", 43, kNow));
  auto matches = products->MatchesOf("BELFRY-2026-0001");
  ASSERT_EQ(matches->size(), 2u);
  EXPECT_EQ(matches->front().organisation, "ORG-0");  // by organisation
  EXPECT_EQ(matches->front().ticket, 41);
  EXPECT_EQ(matches->back().at, kNow);
  EXPECT_TRUE(products->MatchesOf("BELFRY-1999-0001")->empty());
  VendorAdvisoryRecord v{"https://psirt.example.com#EX-1", "Example PSIRT", "EX-1", "Bypass",
                         {"CVE-2026-1"}, kNow, "{}"};
  EXPECT_TRUE(*products->AddVendorAdvisory(v));
  EXPECT_FALSE(*products->AddVendorAdvisory(v));  // once
  auto listed = products->ListVendorAdvisories(10);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().cves, v.cves);
}

TEST_P(StoreConformance, OutboxKeepsEachRecipientsState) {
  auto store = GetParam().tickets(dir_);
  OutboxMail mail;
  mail.ticket_id = 1;
  mail.message_id = "m1@example.be";
  mail.sender = "cert@example.be";
  mail.raw = "Subject: x\n\nbody\n";
  mail.created = kNow;
  for (const char* a : {"a@example.org", "b@example.org"}) {
    OutboxRecipient r;
    r.address = a;
    r.next_attempt = kNow;
    mail.recipients.push_back(r);
  }
  ASSERT_TRUE(store->Begin());
  auto id = store->EnqueueMail(mail);
  ASSERT_TRUE(id);
  ASSERT_TRUE(store->Commit());
  auto due = store->DueMail(kNow, 10);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ(due->front().recipients.size(), 2u);
  OutboxRecipient sent = due->front().recipients[0];
  sent.state = "sent";
  sent.settled_at = kNow;
  ASSERT_TRUE(store->UpdateRecipient(*id, sent));
  OutboxRecipient later = due->front().recipients[1];
  later.next_attempt = kNow + 300;
  ASSERT_TRUE(store->UpdateRecipient(*id, later));
  EXPECT_TRUE(store->DueMail(kNow, 10)->empty());
  EXPECT_EQ(store->DueMail(kNow + 300, 10)->size(), 1u);
  auto got = store->GetMail(*id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->state(), "pending");
  EXPECT_EQ((*got)->raw, mail.raw);
  EXPECT_EQ(store->ListMail("sent", 10)->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformance, ::testing::Values(Sqlite()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace belfry

namespace belfry {
namespace {

// One policy for a stored body that cannot be read: search and re-routing both name the
// event, its segment and row, and go on with the others.
TEST(SqliteEventStore, DamagedBodiesAreReportedByEveryReader) {
  TempDir dir;
  auto store = *SqliteEventStore::Open(dir.Path("belfry.db"), 4, 64);
  ASSERT_TRUE(WriteEvents(*store, 3, kNow, "f"));
  ASSERT_TRUE(WriteEvents(*store, 2, kNow + 1, "g"));
  // Segment 1's block is replaced by bytes that are not a zstd frame.
  ASSERT_TRUE(store->db().Exec("UPDATE evd_1 SET data = X'0102030405'"));
  std::vector<DamagedEvent> damaged;
  auto found = store->Search({}, &damaged);
  ASSERT_TRUE(found) << found.error().message();
  EXPECT_EQ(found->size(), 2u);  // segment 2's events
  ASSERT_EQ(damaged.size(), 3u);
  EXPECT_EQ(damaged[0].segment, 1);
  EXPECT_EQ(damaged[0].id, (int64_t{1} << 32) | damaged[0].row);
  EXPECT_FALSE(damaged[0].reason.empty());
  std::vector<DamagedEvent> not_rerouted;
  auto rerouted = store->Reroute(
      [](Event*, bool d) {
        return Route{RouteKind::kTriage, "", "", d};
      },
      &not_rerouted);
  ASSERT_TRUE(rerouted) << rerouted.error().message();
  EXPECT_EQ(*rerouted, 2u);
  ASSERT_EQ(not_rerouted.size(), 3u);
  EXPECT_EQ(not_rerouted[2].segment, 1);
  EXPECT_EQ(not_rerouted[2].row, 2);
}

}  // namespace
}  // namespace belfry

namespace belfry {
namespace {

TEST_P(StoreConformance, OneClaimantPerRecipient) {
  auto a = GetParam().tickets(dir_);
  auto b = GetParam().tickets(dir_);  // a second process's connection
  OutboxMail mail;
  mail.ticket_id = 1;
  mail.message_id = "m2@example.be";
  mail.sender = "cert@example.be";
  mail.raw = "x";
  OutboxRecipient r;
  r.address = "site@example.org";
  mail.recipients.push_back(r);
  auto id = a->EnqueueMail(mail);
  ASSERT_TRUE(id);
  auto first = b->ClaimRecipient(*id, "site@example.org", kNow, "sending: host h pid 1");
  auto second = a->ClaimRecipient(*id, "site@example.org", kNow, "sending: host h pid 2");
  ASSERT_TRUE(first && second);
  EXPECT_TRUE(*first);
  EXPECT_FALSE(*second);
  auto got = a->GetMail(*id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->recipients[0].state, "sending");
  EXPECT_EQ((*got)->recipients[0].attempts, 1);
  EXPECT_EQ((*got)->recipients[0].last_error, "sending: host h pid 1");
}

}  // namespace
}  // namespace belfry

namespace belfry {
namespace {

TEST_P(StoreConformance, MispPushesRoundTripAndComeDue) {
  auto store = GetParam().tickets(dir_);
  auto* pushes = dynamic_cast<MispPushStore*>(store.get());
  ASSERT_NE(pushes, nullptr);
  EXPECT_FALSE(*pushes->GetMispPush(7));
  MispPush a;
  a.ticket = 7;
  a.event_uuid = "0193d23b-fd7b-851b-bafa-99af8e2f8d65";
  a.wanted = "fp1";
  a.next_attempt = kNow;
  MispPush b = a;
  b.ticket = 3;
  b.next_attempt = kNow + 600;  // backing off
  MispPush c = a;
  c.ticket = 5;
  c.state = "done";
  c.pushed = "fp1";
  c.pushed_at = kNow - 60;
  c.remote_id = "12";
  for (const auto& p : {a, b, c}) ASSERT_TRUE(pushes->SaveMispPush(p));
  auto due = pushes->DueMispPushes(kNow, 10);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ(due->at(0).ticket, 7);
  EXPECT_EQ(pushes->DueMispPushes(kNow + 600, 10)->size(), 2u);
  auto list = pushes->ListMispPushes();
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ(list->at(0).ticket, 3);
  auto back = pushes->GetMispPush(5);
  ASSERT_TRUE(back && *back);
  EXPECT_EQ((*back)->remote_id, "12");
  EXPECT_EQ((*back)->pushed, "fp1");
  EXPECT_EQ((*back)->pushed_at, kNow - 60);
  c.state = "pending";  // replaced, not added
  c.last_error = "HTTP 503";
  ASSERT_TRUE(pushes->SaveMispPush(c));
  EXPECT_EQ(pushes->ListMispPushes()->size(), 3u);
  EXPECT_EQ((*pushes->GetMispPush(5))->last_error, "HTTP 503");
}

}  // namespace
}  // namespace belfry
