#include "ticket/tracker.h"

#include <gtest/gtest.h>

#include "constituency/directory_importers.h"
#include "constituency/ripe_importer.h"
#include "core/date_time.h"
#include "mail/inbound_mail.h"
#include "store/backends/sqlite/sqlite_constituency_store.h"
#include "store/backends/sqlite/sqlite_ticket_store.h"
#include "test_util.h"
#include "ticket/investigator.h"
#include "ticket/mail_gateway.h"
#include "ticket/outbox_sender.h"

namespace belfry {
namespace {

int64_t T(const char* iso) { return *ParseDateTimeMicros(iso) / 1000000; }

const std::string kExamples = std::string(BELFRY_SOURCE_DIR) + "/examples/constituency/";

class TrackerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(*SqliteTicketStore::Open(dir_.Path("belfry.db")));
    calendar_.emplace(*BusinessCalendar::Create({}));
    config_.mail.from = "cert@example.be";
    tracker_ = std::make_unique<Tracker>(store_.get(), config_, *calendar_, clock_,
                                         [](const std::string& h) -> std::optional<OrgFacts> {
                                           if (h == "HOSP") return OrgFacts{"Hospital", "health", "essential"};
                                           return std::nullopt;
                                         });
    mailer_ = std::make_unique<TicketMailer>(tracker_.get(), templates_);
  }
  Ticket New(Queue q, const std::string& subject = "x") {
    Ticket t;
    t.queue = q;
    t.subject = subject;
    auto r = tracker_->Create(t, "alice");
    EXPECT_TRUE(r) << r.error().message();
    return *r;
  }
  std::vector<std::string> Actions(int64_t id) {
    std::vector<std::string> out;
    auto history = store_->History({id});
    for (const auto& h : *history) out.push_back(h.actor + ":" + h.action + ":" + h.field);
    return out;
  }

  testing::TempDir dir_;
  FakeClock clock_{T("2026-11-27T10:00:00Z") * 1000000};  // a Friday, 11:00 in Brussels
  TicketConfig config_;
  std::optional<BusinessCalendar> calendar_;
  std::unique_ptr<SqliteTicketStore> store_;
  std::unique_ptr<Tracker> tracker_;
  MailTemplates templates_;
  std::unique_ptr<TicketMailer> mailer_;
};

TEST_F(TrackerTest, ReportOpensWhenLinkedAndIncidentCascades) {
  Ticket report = New(Queue::kReports);
  Ticket incident = New(Queue::kIncidents);
  Ticket inv = New(Queue::kInvestigations);
  Ticket cm = New(Queue::kCountermeasures);
  EXPECT_EQ(report.status, "new");
  EXPECT_EQ(cm.status, "pending activation");
  ASSERT_TRUE(tracker_->Link(incident.id, report.id, "alice"));
  ASSERT_TRUE(tracker_->Link(inv.id, incident.id, "alice"));  // either order
  ASSERT_TRUE(tracker_->Link(incident.id, cm.id, "alice"));
  EXPECT_EQ(tracker_->Get(report.id)->status, "open");
  // An investigation has one incident; a countermeasure needs one.
  Ticket other = New(Queue::kIncidents);
  EXPECT_FALSE(tracker_->Link(other.id, inv.id, "alice"));
  EXPECT_FALSE(tracker_->Unlink(incident.id, cm.id, "alice"));
  // --ask: nothing changes while children are active.
  auto asked = tracker_->Resolve(incident.id, "", ChildPolicy::kAsk, "alice");
  ASSERT_TRUE(asked);
  EXPECT_EQ(asked->active_children.size(), 3u);
  EXPECT_EQ(tracker_->Get(incident.id)->status, "open");
  auto done = tracker_->Resolve(incident.id, "abandoned", ChildPolicy::kCascade, "bob");
  ASSERT_TRUE(done) << done.error().message();
  EXPECT_EQ(tracker_->Get(report.id)->status, "rejected");
  EXPECT_EQ(tracker_->Get(inv.id)->status, "resolved");
  EXPECT_EQ(tracker_->Get(cm.id)->status, "removed");
  // Re-opening a child re-opens its incident.
  ASSERT_TRUE(tracker_->Set(report.id, "status", "open", "carol"));
  EXPECT_EQ(tracker_->Get(incident.id)->status, "open");
  auto actions = Actions(incident.id);
  EXPECT_NE(std::find(actions.begin(), actions.end(), "bob:set:status"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "carol:set:status"), actions.end());
}

TEST_F(TrackerTest, ChildUnderAnotherActiveIncidentStaysOpen) {
  Ticket report = New(Queue::kReports);
  Ticket a = New(Queue::kIncidents), b = New(Queue::kIncidents);
  ASSERT_TRUE(tracker_->Link(a.id, report.id, "x"));
  ASSERT_TRUE(tracker_->Link(b.id, report.id, "x"));
  auto r = tracker_->Resolve(a.id, "", ChildPolicy::kCascade, "x");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->kept, std::vector<int64_t>{report.id});
  EXPECT_TRUE(tracker_->Get(report.id)->active());
}

TEST_F(TrackerTest, MergeIsReversible) {
  Ticket a = New(Queue::kReports, "wave 1"), b = New(Queue::kReports, "wave 2");
  ASSERT_TRUE(tracker_->Comment(a.id, "first reporter 192.0.2.5", "alice"));
  ASSERT_TRUE(tracker_->Merge(a.id, b.id, "alice"));
  EXPECT_EQ(*tracker_->Canonical(a.id), b.id);
  auto v = tracker_->View(a.id);  // the old id finds the target
  ASSERT_TRUE(v);
  EXPECT_EQ(v->ticket.id, b.id);
  EXPECT_EQ(v->merged, std::vector<int64_t>{a.id});
  ASSERT_EQ(v->messages.size(), 1u);
  EXPECT_EQ(v->observables.size(), 1u);
  EXPECT_FALSE(tracker_->Merge(New(Queue::kIncidents).id, b.id, "alice"));
  ASSERT_TRUE(tracker_->Unmerge(a.id, "bob"));
  EXPECT_EQ(*tracker_->Canonical(a.id), a.id);
  EXPECT_TRUE(tracker_->View(b.id)->messages.empty());
  EXPECT_EQ(tracker_->View(a.id)->messages.size(), 1u);
}

TEST_F(TrackerTest, TriageAndBusinessTimeSla) {
  Ticket t;
  t.queue = Queue::kReports;
  t.subject = "intrusion at the hospital";
  t.classification = "system-compromise";
  t.organisation = "HOSP";
  auto r = tracker_->Create(t, "mail", nullptr, 3);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->severity, 1);
  EXPECT_EQ(r->sector, "health");
  EXPECT_NE(r->severity_reason.find("entity_class=essential"), std::string::npos);
  // Critical: wall-clock hours (1 h).
  EXPECT_EQ(r->response_due, T("2026-11-27T11:00:00Z"));
  // Medium, Friday 11:00 Brussels: 1 business day = Monday 11:00 Brussels.
  Ticket m;
  m.queue = Queue::kReports;
  m.subject = "scan";
  m.classification = "phishing";
  auto rm = tracker_->Create(m, "mail");
  ASSERT_TRUE(rm);
  EXPECT_EQ(rm->severity, 3);
  EXPECT_EQ(rm->response_due, T("2026-11-30T10:00:00Z"));
}

TEST_F(TrackerTest, CriticalOutsideHoursPagesOnDuty) {
  config_.sla.on_duty = "duty@example.be";
  clock_.Set(T("2026-11-28T22:00:00Z") * 1000000);  // Saturday night
  Ticket t;
  t.queue = Queue::kReports;
  t.subject = "intrusion";
  t.classification = "system-compromise";
  t.severity = 1;
  auto r = tracker_->Create(t, "mail");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->escalated_to, "duty@example.be");
  auto actions = Actions(r->id);
  EXPECT_NE(std::find(actions.begin(), actions.end(), "mail:escalate:on_duty"), actions.end());
}

TEST_F(TrackerTest, Nis2Clock) {
  Nis2Clock c;
  c.aware = T("2026-11-27T10:00:00Z");
  c.early_warning = T("2026-11-27T20:00:00Z");
  auto d = Nis2Deadlines(c);
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[0].due, T("2026-11-28T10:00:00Z"));
  EXPECT_EQ(d[0].done, c.early_warning);
  EXPECT_EQ(d[1].due, T("2026-11-30T10:00:00Z"));
  EXPECT_EQ(d[3].due, T("2026-11-28T20:00:00Z"));  // our response: 24 h after the warning
}

std::string Mail(const std::string& headers, const std::string& body) {
  return headers + "\nContent-Type: text/plain; charset=utf-8\n\n" + body + "\n";
}

TEST_F(TrackerTest, GatewayThreadsGroupsAndCutsLoops) {
  MailGateway gw(tracker_.get(), mailer_.get());
  auto first = gw.Take(Mail("From: peer@cert.example.nl\nSubject: [CERT-NL #55] FTP accounts\nMessage-ID: <p1@cert.example.nl>",
                            "host 192.0.2.15 compromised"));
  ASSERT_TRUE(first) << first.error().message();
  EXPECT_EQ(first->action, GatewayAction::kNewReport);
  const int64_t id = first->ticket;
  EXPECT_EQ(tracker_->Get(id)->subject_tags, "[CERT-NL #55]");
  // The same mail again: recognised.
  auto again = gw.Take(Mail("From: peer@cert.example.nl\nSubject: [CERT-NL #55] FTP accounts\nMessage-ID: <p1@cert.example.nl>",
                            "host 192.0.2.15 compromised"));
  EXPECT_EQ(again->action, GatewayAction::kDuplicate);
  // Our reply goes out under both tags; their answer threads by In-Reply-To alone.
  auto out = mailer_->Reply(id, "thanks", {}, "alice");
  ASSERT_TRUE(out) << out.error().message();
  auto sent = store_->GetMail(*out);
  ASSERT_TRUE(sent && *sent);
  EXPECT_NE((*sent)->raw.find("[BELFRY #" + std::to_string(id) + "] [CERT-NL #55] FTP accounts"), std::string::npos);
  EXPECT_NE((*sent)->raw.find("In-Reply-To: <p1@cert.example.nl>"), std::string::npos);
  EXPECT_GT(tracker_->Get(id)->first_response, 0);
  auto answer = gw.Take(Mail("From: peer@cert.example.nl\nSubject: Re: FTP accounts (tag lost)\nMessage-ID: <p2@cert.example.nl>\nIn-Reply-To: <" +
                                 (*sent)->message_id + ">",
                             "done"));
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->action, GatewayAction::kAdded);
  EXPECT_EQ(answer->ticket, id);
  // Our own mail coming back is a loop, not correspondence.
  auto loop = gw.Take((*sent)->raw);
  ASSERT_TRUE(loop);
  EXPECT_EQ(loop->action, GatewayAction::kLoop);
  // An out-of-office that answers nothing opens nothing.
  auto ooo = gw.Take(Mail("From: x@example.org\nSubject: Out of office\nMessage-ID: <o1@example.org>\nAuto-Submitted: auto-replied", "away"));
  EXPECT_EQ(ooo->action, GatewayAction::kIgnored);
  // A phishing wave: the second citizen's report joins the first.
  auto c1 = gw.Take(Mail("From: citizen1@example.net\nSubject: Fwd: Your bank\nMessage-ID: <c1@example.net>",
                         "Look at https://bank.example.com.phish.example/login"));
  auto c2 = gw.Take(Mail("From: citizen2@example.net\nSubject: phishing???\nMessage-ID: <c2@example.net>",
                         "I got this: hxxps://bank.example.com.phish[.]example/login"));
  ASSERT_TRUE(c1 && c2);
  EXPECT_EQ(c2->action, GatewayAction::kGrouped);
  EXPECT_EQ(c2->ticket, c1->ticket);
  EXPECT_EQ(tracker_->Get(c1->ticket)->requestors.size(), 2u);
}

TEST_F(TrackerTest, OutboxDeliversOnceIntoTheMaildir) {
  Ticket t = New(Queue::kReports);
  ASSERT_TRUE(tracker_->Set(t.id, "requestors", "+site@example.org", "alice"));
  ASSERT_TRUE(mailer_->Reply(t.id, "hello", {}, "alice"));
  auto transport = NewMaildirTransport(dir_.Path("outbox"));
  ASSERT_TRUE(transport);
  auto sum = DeliverOutbox(store_.get(), transport->get(), clock_);
  ASSERT_TRUE(sum);
  EXPECT_EQ(sum->sent, 1);
  sum = DeliverOutbox(store_.get(), transport->get(), clock_);
  EXPECT_EQ(sum->sent, 0);
  size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir_.Path("outbox/new"))) ++files;
  EXPECT_EQ(files, 1u);
}

// The per-domain rate limit: at most N recipients of one domain a minute, counted over what
// was sent (by any process); the rest wait for the next minute, then go.
TEST_F(TrackerTest, OutboxRateLimitPerRecipientDomain) {
  Ticket t = New(Queue::kReports);
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(tracker_->Set(t.id, "requestors", "+desk" + std::to_string(i) + "@Example.org", "alice"));
  ASSERT_TRUE(tracker_->Set(t.id, "requestors", "+soc@example.net", "alice"));
  ASSERT_TRUE(mailer_->Reply(t.id, "hello", {}, "alice"));
  auto transport = NewMaildirTransport(dir_.Path("outbox"));
  ASSERT_TRUE(transport);
  auto sum = DeliverOutbox(store_.get(), transport->get(), clock_, 100, false, 2);
  ASSERT_TRUE(sum);
  EXPECT_EQ(sum->sent, 3);  // two of example.org, and example.net
  EXPECT_EQ(sum->rate_limited, 3);
  sum = DeliverOutbox(store_.get(), transport->get(), clock_, 100, false, 2);
  EXPECT_EQ(sum->sent, 0);  // the same minute
  clock_.AdvanceSeconds(61);
  sum = DeliverOutbox(store_.get(), transport->get(), clock_, 100, false, 2);
  EXPECT_EQ(sum->sent, 2);
  clock_.AdvanceSeconds(61);
  sum = DeliverOutbox(store_.get(), transport->get(), clock_, 100, false, 2);
  EXPECT_EQ(sum->sent, 1);
  EXPECT_EQ(sum->rate_limited, 0);
}

class InvestigateTest : public TrackerTest {
 protected:
  void SetUp() override {
    TrackerTest::SetUp();
    auto cs = SqliteConstituencyStore::Open(dir_.Path("belfry.db"));
    ASSERT_TRUE(cs);
    cstore_ = std::move(*cs);
    RipeImporter ripe(cstore_.get(), [](const RipeImportError&) {});
    ASSERT_TRUE(ripe.Import({kExamples + "ripe-sample.db"}));
    ASSERT_TRUE(ImportConstituencyCsv(cstore_.get(), testing::ReadFile(kExamples + "organisations.csv"), [](auto&) {}));
    ASSERT_TRUE(ImportTrustedIntroducer(cstore_.get(), testing::ReadFile(kExamples + "peer-teams.json"), [](auto&) {}));
    ConstituencyConfig c;
    c.countries = {"BE"};
    c.languages = {"nl", "fr"};
    index_ = *ConstituencyIndex::Build(cstore_.get(), c);
  }
  std::unique_ptr<SqliteConstituencyStore> cstore_;
  std::shared_ptr<const ConstituencyIndex> index_;
};

TEST_F(InvestigateTest, EachPartyGetsOnlyItsOwnLines) {
  std::vector<EvidenceSource> src = {{"log",
                                      "when,host\n"
                                      "x ftp://w:S3cret@192.0.2.15/ from 203.0.113.77\n"
                                      "x 192.0.2.150 user=a password=b\n"
                                      "x 8.8.8.8\n"}};
  auto plan = PlanInvestigation(src, *index_, clock_.NowSeconds(), 30 * 86400);
  std::map<std::string, InvestigationTarget> by;
  for (const auto& t : plan.targets) by[t.email.empty() ? std::string(RouteKindName(t.route)) : t.email] = t;
  ASSERT_TRUE(by.count("csirt@ministry.example"));
  const auto& ministry = by["csirt@ministry.example"];
  ASSERT_EQ(ministry.lines.size(), 2u);  // the header, then its line
  EXPECT_EQ(ministry.lines[0], "when,host");
  EXPECT_EQ(ministry.lines[1], "x ftp://w:****@192.0.2.15/ from 203.0.113.77");
  EXPECT_EQ(ministry.undated, 1u);
  // 192.0.2.150 is not the ministry's (token boundary): another party gets that line.
  for (const auto& [who, t] : by) {
    for (const auto& l : t.lines) {
      if (who == "csirt@ministry.example") {
        EXPECT_EQ(l.find("192.0.2.150"), std::string::npos);
      }
      // No line reaches a constituent or a peer with a password in it.
      EXPECT_EQ(l.find("S3cret"), std::string::npos);
      EXPECT_EQ(l.find("password=b"), std::string::npos);
    }
  }
  // The attacker's peer team sees the line without our constituent's address.
  bool peer_redacted = false;
  for (const auto& t : plan.targets)
    if (t.route == RouteKind::kPeer)
      for (const auto& l : t.lines)
        if (l.find("203.0.113.77") != std::string::npos) {
          EXPECT_EQ(l.find("192.0.2.15/"), std::string::npos);
          peer_redacted = true;
        }
  EXPECT_TRUE(peer_redacted);
  ASSERT_TRUE(by.count("unrouted"));
  EXPECT_FALSE(by["unrouted"].mailed());
}

TEST_F(InvestigateTest, InvestigateOpensInvestigationsAndMailsThem) {
  MailGateway gw(tracker_.get(), mailer_.get());
  auto r = gw.Take(Mail("From: peer@cert.example.nl\nSubject: FTP accounts\nMessage-ID: <p9@cert.example.nl>",
                        "2025-01-01T00:00:00Z 192.0.2.15 login\n198.51.100.70 login\n8.8.8.8 login"));
  ASSERT_TRUE(r);
  InvestigateOptions opt;
  auto plan = Investigate(tracker_.get(), mailer_.get(), *index_, r->ticket, opt);
  ASSERT_TRUE(plan) << plan.error().message();
  EXPECT_TRUE(plan->incident_created);
  int mailed = 0;
  for (const auto& t : plan->targets) {
    if (!t.mailed()) continue;
    ++mailed;
    EXPECT_GT(t.investigation, 0);
    auto inv = tracker_->Get(t.investigation);
    ASSERT_TRUE(inv);
    EXPECT_EQ(inv->queue, Queue::kInvestigations);
    EXPECT_EQ(inv->requestors, std::vector<std::string>{t.email});
    auto mail = store_->GetMail(t.outbox);
    ASSERT_TRUE(mail && *mail);
    EXPECT_NE((*mail)->raw.find("[BELFRY #" + std::to_string(t.investigation) + "]"), std::string::npos);
  }
  EXPECT_GE(mailed, 2);
  // A second run mails nobody twice.
  auto again = Investigate(tracker_.get(), mailer_.get(), *index_, r->ticket, opt);
  ASSERT_TRUE(again);
  for (const auto& t : again->targets) {
    if (t.mailed()) {
      EXPECT_NE(t.note.find("already investigated"), std::string::npos);
    }
  }
  EXPECT_EQ(store_->Children(plan->incident)->size(), static_cast<size_t>(mailed) + 1);
}

}  // namespace
}  // namespace belfry

namespace belfry {
namespace {

TEST_F(InvestigateTest, TlpRedNeverLeavesAndAmberStrictStaysWithTheOrganisation) {
  MailGateway gw(tracker_.get(), mailer_.get());
  auto r = gw.Take(Mail("From: peer@cert.example.nl\nSubject: FTP accounts\nMessage-ID: <t1@cert.example.nl>",
                        "x ftp://w:pw@192.0.2.15/ from 203.0.113.77\n"));
  ASSERT_TRUE(r);
  ASSERT_TRUE(tracker_->Set(r->ticket, "tlp", "RED", "alice"));
  InvestigateOptions opt;
  auto red = Investigate(tracker_.get(), mailer_.get(), *index_, r->ticket, opt);
  ASSERT_FALSE(red);
  EXPECT_NE(red.error().message().find("TLP:RED"), std::string::npos);
  EXPECT_TRUE(store_->DueMail(clock_.NowSeconds(), 10)->empty());
  EXPECT_FALSE(tracker_->Set(r->ticket, "tlp", "AMBER+STRICT", "alice"));  // no reason
  ASSERT_TRUE(tracker_->Set(r->ticket, "tlp", "AMBER+STRICT", "alice", "the hospital must act"));
  auto history = store_->History({r->ticket});
  ASSERT_TRUE(history);
  ASSERT_FALSE(history->empty());
  EXPECT_EQ(history->back().action, "reason");
  EXPECT_EQ(history->back().new_value, "the hospital must act");
  auto strict = Investigate(tracker_.get(), mailer_.get(), *index_, r->ticket, opt);
  ASSERT_TRUE(strict) << strict.error().message();
  int constituents = 0;
  for (const auto& t : strict->targets) {
    if (t.route == RouteKind::kConstituent) {
      ++constituents;
      EXPECT_GT(t.outbox, 0);
    } else {
      EXPECT_EQ(t.outbox, 0) << t.organisation;  // the peer team is not mailed
    }
  }
  EXPECT_EQ(constituents, 1);
}

}  // namespace
}  // namespace belfry
