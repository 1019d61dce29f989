// The store conformance suite, continued: the notifier's records (NotifyStore), the event
// store's pending events and notify states, and what the outbox and tracker give the
// notifier. Written against the interfaces; each backend adds one factory below.

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>

#include "notify/notify_store.h"
#include "store/backends/sqlite/sqlite_event_store.h"
#include "store/backends/sqlite/sqlite_ticket_store.h"
#include "store/store_test_data.h"
#include "test_util.h"

namespace belfry {
namespace {

using testing::kNow;
using testing::TempDir;
using testing::WriteEvents;

struct NotifyBackend {
  std::string name;
  std::function<std::unique_ptr<EventStore>(const TempDir&)> events;
  // The tracker's store, which is also the notifier's.
  std::function<std::unique_ptr<SqliteTicketStore>(const TempDir&)> tracker;
};

void PrintTo(const NotifyBackend& b, std::ostream* os) { *os << b.name; }

NotifyBackend Sqlite() {
  return {"sqlite",
          [](const TempDir& d) -> std::unique_ptr<EventStore> {
            return std::move(*SqliteEventStore::Open(d.Path("belfry.db"), 4, 64));
          },
          [](const TempDir& d) { return std::move(*SqliteTicketStore::Open(d.Path("belfry.db"))); }};
}

class NotifyConformance : public ::testing::TestWithParam<NotifyBackend> {
 protected:
  TempDir dir_;
};

TEST_P(NotifyConformance, PendingEventsAreReadWithTheirRouteThenMarked) {
  auto events = GetParam().events(dir_);
  Route to_org{RouteKind::kConstituent, "ORG-1", "abuse@example.org", false};
  Route triage{RouteKind::kTriage, "ORG-2", "", false};
  ASSERT_TRUE(WriteEvents(*events, 3, kNow, "feed-a", true, &to_org));
  ASSERT_TRUE(WriteEvents(*events, 2, kNow + 10, "feed-b", true, &triage));
  PendingScan scan;
  scan.want_body = [](const Route& r) { return r.kind == RouteKind::kConstituent; };
  std::vector<int64_t> mailed;
  size_t unread = 0;
  ASSERT_TRUE(events->ForEachPending(scan, [&](PendingEvent& p) -> Status {
    if (p.decoded) {
      EXPECT_EQ(p.route, to_org);
      EXPECT_TRUE(p.event.Get(fields::kSourceIp).has_value());
      EXPECT_EQ(p.seen, kNow);
      mailed.push_back(p.id);
    } else {
      EXPECT_EQ(p.route.kind, RouteKind::kTriage);
      ++unread;
    }
    return Ok();
  }));
  EXPECT_EQ(mailed.size(), 3u);
  EXPECT_EQ(unread, 2u);
  ASSERT_TRUE(events->SetNotifyState({mailed[0], mailed[1]}, NotifyState::kNotified));
  ASSERT_TRUE(events->SetNotifyState({mailed[2]}, NotifyState::kSkipped));
  size_t left = 0;
  ASSERT_TRUE(events->ForEachPending(scan, [&](PendingEvent&) -> Status {
    ++left;
    return Ok();
  }));
  EXPECT_EQ(left, 2u);  // the triage events wait
  // A bounce puts one back.
  ASSERT_TRUE(events->SetNotifyState({mailed[1]}, NotifyState::kPending));
  // Expiry marks what was received before the cut-off, without reading bodies.
  auto expired = events->ExpirePending(kNow + 5);
  ASSERT_TRUE(expired);
  EXPECT_EQ(*expired, 1u);
  scan.seen_since = kNow + 5;
  left = 0;
  ASSERT_TRUE(events->ForEachPending(scan, [&](PendingEvent&) -> Status {
    ++left;
    return Ok();
  }));
  EXPECT_EQ(left, 2u);
}

TEST_P(NotifyConformance, NotificationsLedgerAndRollback) {
  auto store = GetParam().tracker(dir_);
  NotifyStore& n = *store;
  NotificationRecord r;
  r.recipient = "abuse@example.org";
  r.route = "constituent";
  r.organisation = "ORG-1";
  r.classification = "vulnerable-system";
  r.group_key = "vulnerable-system";
  r.format = "csv";
  r.created = kNow;
  r.events = 2;
  ASSERT_TRUE(store->Begin());
  auto id = n.AddNotification(r);
  ASSERT_TRUE(id);
  r.id = *id;
  r.state = "queued";
  r.outbox_id = 7;
  ASSERT_TRUE(n.UpdateNotification(r));
  ASSERT_TRUE(n.AddSent(r.recipient, *id, {11, 12}));
  ASSERT_TRUE(store->Commit());
  EXPECT_EQ(*n.LastSent(r.recipient, r.group_key), kNow);
  EXPECT_EQ(*n.LastSent(r.recipient, "other"), 0);
  auto sent = n.AlreadySent(r.recipient, {10, 11, 12, 13});
  ASSERT_TRUE(sent);
  EXPECT_EQ(std::set<int64_t>(sent->begin(), sent->end()), (std::set<int64_t>{11, 12}));
  EXPECT_TRUE(n.AlreadySent("someone@example.org", {11})->empty());
  auto got = n.GetNotification(*id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->outbox_id, 7);
  EXPECT_EQ((*got)->state, "queued");
  EXPECT_EQ(n.ListNotifications(10)->size(), 1u);

  // What a rolled-back run wrote is gone.
  ASSERT_TRUE(store->Begin());
  ASSERT_TRUE(n.AddSent(r.recipient, *id, {13}));
  store->Rollback();
  EXPECT_EQ(n.AlreadySent(r.recipient, {13})->size(), 0u);

  auto back = n.TakeBackSent(*id);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->size(), 2u);
  EXPECT_TRUE(n.AlreadySent(r.recipient, {11, 12})->empty());
}

TEST_P(NotifyConformance, FindingsInhibitionsFailingAndRuns) {
  auto store = GetParam().tracker(dir_);
  NotifyStore& n = *store;
  EXPECT_FALSE(*n.GetFinding("a@example.org", "k"));
  FindingState f;
  f.last_sent = kNow;
  f.ports = {"23", "2323"};
  f.vulnerabilities = {"cve-2021-44228"};
  f.severity = 3;
  ASSERT_TRUE(n.PutFinding("a@example.org", "k", f));
  auto got = n.GetFinding("a@example.org", "k");
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->ports, f.ports);
  EXPECT_EQ((*got)->vulnerabilities, f.vulnerabilities);
  EXPECT_EQ((*got)->severity, 3);

  Inhibition i;
  i.organisation = "ORG-1";
  i.network = "192.0.2.53";
  i.until = kNow + 100;
  i.reason = "resolver";
  auto iid = n.AddInhibition(i);
  ASSERT_TRUE(iid);
  Inhibition forever = i;
  forever.until = 0;
  ASSERT_TRUE(n.AddInhibition(forever));
  EXPECT_EQ(n.Inhibitions(kNow)->size(), 2u);
  EXPECT_EQ(n.Inhibitions(kNow + 200)->size(), 1u);  // the dated one ended
  EXPECT_EQ(n.Inhibitions(0)->size(), 2u);
  EXPECT_TRUE(*n.RemoveInhibition(*iid));
  EXPECT_FALSE(*n.RemoveInhibition(*iid));

  ASSERT_TRUE(n.MarkFailing("Desk@Example.org", kNow, 3, "5.1.1 failed"));
  ASSERT_TRUE(n.MarkFailing("desk@example.org", kNow + 5, 4, "5.1.1 failed"));
  auto failing = n.Failing();
  ASSERT_TRUE(failing);
  ASSERT_EQ(failing->size(), 1u);
  EXPECT_EQ(failing->front().address, "desk@example.org");
  EXPECT_EQ(failing->front().bounces, 2);
  EXPECT_EQ(failing->front().since, kNow);
  EXPECT_EQ(failing->front().notification, 4);
  EXPECT_TRUE(*n.ClearFailing("desk@example.org"));
  EXPECT_TRUE(n.Failing()->empty());

  NotifyRunRecord run{0, kNow, kNow + 1, false, "{\"mails\": 1}"};
  ASSERT_TRUE(n.AddRun(run));
  auto runs = n.Runs(5);
  ASSERT_TRUE(runs);
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ(runs->front().summary_json, run.summary_json);
}

TEST_P(NotifyConformance, OutboxCountsSentMailPerDomainAndTicketsByFingerprint) {
  auto store = GetParam().tracker(dir_);
  OutboxMail mail;
  mail.ticket_id = 1;
  mail.message_id = "m@example.be";
  mail.sender = "bounces+1@example.be";
  mail.raw = "Subject: x\n\nbody\n";
  mail.created = kNow;
  for (const char* a : {"a@Example.org", "b@example.org", "c@example.net"}) {
    OutboxRecipient r;
    r.address = a;
    r.state = "sent";
    r.settled_at = kNow;
    mail.recipients.push_back(r);
  }
  ASSERT_TRUE(store->Begin());
  ASSERT_TRUE(store->EnqueueMail(mail));
  ASSERT_TRUE(store->Commit());
  auto per = store->SentPerDomainSince(kNow - 60);
  ASSERT_TRUE(per);
  EXPECT_EQ((*per)["example.org"], 2);
  EXPECT_EQ((*per)["example.net"], 1);
  EXPECT_TRUE(store->SentPerDomainSince(kNow + 1)->empty());
  EXPECT_EQ(store->GetMail(1)->value().sender, "bounces+1@example.be");

  Ticket t;
  t.queue = Queue::kInvestigations;
  t.status = "open";
  t.fingerprint = "notify:a@example.org:vulnerable-system";
  auto id = store->CreateTicket(t);
  ASSERT_TRUE(id);
  auto found = store->FindActiveByFingerprint(Queue::kInvestigations, t.fingerprint);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(**found, *id);
  EXPECT_FALSE(*store->FindActiveByFingerprint(Queue::kReports, t.fingerprint));
}

INSTANTIATE_TEST_SUITE_P(Backends, NotifyConformance, ::testing::Values(Sqlite()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace belfry
