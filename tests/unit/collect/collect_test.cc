// Collectors without the network: schedules, signatures, archives, mails, the ledger and the
// collector's exactly-once bookkeeping (sources and ingest replaced by test doubles).

#include <gtest/gtest.h>

#include <filesystem>

#include "app/config.h"
#include "collect/collector.h"
#include "collect/feed_scheduler.h"
#include "collect/http_client.h"
#include "collect/http_source.h"
#include "collect/imap_source.h"
#include "collect/mail_message.h"
#include "collect/schedule.h"
#include "collect/shadowserver_api_source.h"
#include "collect/spool.h"
#include "core/date_time.h"
#include "core/digest.h"
#include "store/backends/sqlite/sqlite_report_ledger.h"
#include "test_util.h"

namespace belfry {
namespace {

using testing::ReadFile;
using testing::TempDir;

const std::string kData = std::string(BELFRY_SOURCE_DIR) + "/tests/data/collect/";

int64_t At(const char* iso) { return *ParseDateTimeMicros(iso) / 1000000; }

TEST(Schedule, Intervals) {
  auto s = Schedule::Parse("every 1h");
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(s->NextAfter(1000, 0), 1000);  // never ran: due now
  EXPECT_EQ(s->NextAfter(1000, 900), 900 + 3600);
  EXPECT_EQ(s->NextAfter(10000, 900), 10000);  // overdue: now
  EXPECT_EQ(Schedule::Parse("30m")->interval_seconds(), 1800);
  EXPECT_EQ(Schedule::Parse("@hourly")->interval_seconds(), 3600);
  EXPECT_EQ(Schedule::Parse("hourly")->interval_seconds(), 3600);
  // cron's nicknames, with or without the @, are midnight UTC schedules.
  const int64_t t = 1795950950;  // 2026-11-29T11:15:50Z, a Sunday
  for (const char* daily : {"daily", "@daily"})
    EXPECT_EQ(Schedule::Parse(daily)->NextAfter(t, t - 60), 1795996800) << daily;
  EXPECT_EQ(Schedule::Parse("weekly")->NextAfter(t, t - 60), 1796515200);  // next Sunday
  EXPECT_EQ(Schedule::Parse("@monthly")->NextAfter(t, t - 60), 1796083200);
  EXPECT_FALSE(Schedule::Parse("fortnightly"));
}

TEST(Schedule, Cron) {
  auto daily = Schedule::Parse("0 6 * * *");
  ASSERT_TRUE(daily);
  EXPECT_EQ(daily->NextAfter(At("2026-11-22T05:59:00Z"), 0), At("2026-11-22T06:00:00Z"));
  EXPECT_EQ(daily->NextAfter(At("2026-11-22T06:00:00Z"), 0), At("2026-11-23T06:00:00Z"));
  // Office hours on weekdays, every 15 minutes; 2026-11-21 is a Saturday.
  auto office = Schedule::Parse("*/15 8-18 * * 1-5");
  ASSERT_TRUE(office);
  EXPECT_EQ(office->NextAfter(At("2026-11-21T09:00:00Z"), 0), At("2026-11-23T08:00:00Z"));
  EXPECT_EQ(office->NextAfter(At("2026-11-23T08:07:00Z"), 0), At("2026-11-23T08:15:00Z"));
  // Day-of-week 7 is Sunday; day-of-month and day-of-week restricted: either matches.
  EXPECT_EQ(Schedule::Parse("0 0 * * 7")->NextAfter(At("2026-11-22T00:00:00Z"), 0),
            At("2026-11-29T00:00:00Z"));
  EXPECT_EQ(Schedule::Parse("0 0 1 * 1")->NextAfter(At("2026-11-22T00:00:00Z"), 0),
            At("2026-11-23T00:00:00Z"));
  EXPECT_EQ(Schedule::Parse("@daily")->NextAfter(At("2026-11-22T12:00:00Z"), 0),
            At("2026-11-23T00:00:00Z"));
}

TEST(Schedule, ErrorsSayWhatIsWrong) {
  for (const char* bad : {"", "every", "soon", "0 6 * *", "61 * * * *", "* 24 * * *", "*/0 * * * *",
                          "5-1 * * * *", "0 0 32 * *", "0 0 * 13 *"}) {
    auto s = Schedule::Parse(bad);
    EXPECT_FALSE(s) << bad;
  }
  EXPECT_NE(Schedule::Parse("0 6 * *").error().message().find("5 fields"), std::string::npos);
}

TEST(Digest, KnownVectors) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231, test case 2 (a key shorter than the block).
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // RFC 4231, test case 6 (a key longer than the block).
  EXPECT_EQ(HmacSha256Hex(std::string(131, '\xaa'),
                          "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(Shadowserver, ReportTypeFromFileName) {
  EXPECT_EQ(ReportTypeOfFileName("2026-11-21-scan_http-belgium-geo.csv"), "scan_http");
  EXPECT_EQ(ReportTypeOfFileName("2026-11-21-event4_sinkhole_http-org@example.be-asn.csv"),
            "event4_sinkhole_http");
  EXPECT_EQ(ReportTypeOfFileName("scan_ntp.csv"), "scan_ntp");
  EXPECT_EQ(ReportTypeOfFileName("not a report"), "");
  EXPECT_EQ(ShadowserverListBody("k\"1", {"belgium", "org@example.be"}, "2026-11-20", "2026-11-23"),
            "{\"apikey\": \"k\\\"1\", \"report\": [\"belgium\", \"org@example.be\"], "
            "\"date\": \"2026-11-20:2026-11-23\"}");
}

TEST(Http, NamesAndRedaction) {
  EXPECT_EQ(DownloadName("https://www.spamhaus.org/drop/drop.txt", "", "f"), "drop.txt");
  EXPECT_EQ(DownloadName("https://urlhaus.abuse.ch/feeds/country/BE/", "", "f"), "BE");
  EXPECT_EQ(DownloadName("https://example.org/", "", "feed"), "feed");
  EXPECT_EQ(DownloadName("https://example.org/get?id=1", "../../etc/r.csv", "f"), "r.csv");
  EXPECT_EQ(RedactUrl("imaps://user:pw@mail.example.be:993/INBOX"),
            "imaps://mail.example.be:993/INBOX");
  EXPECT_EQ(RedactUrl("https://example.org/a@b"), "https://example.org/a@b");
  EXPECT_EQ(ParseSearchUids("* SEARCH 3 17 42\r\n"), (std::vector<uint64_t>{3, 17, 42}));
  EXPECT_TRUE(ParseSearchUids("* SEARCH\r\n").empty());
  EXPECT_TRUE(IsTransient(HttpStatusError("http://x/", 503)));
  EXPECT_FALSE(IsTransient(HttpStatusError("http://x/", 404)));
}

TEST(Spool, UnpacksZipAndGzipByContent) {
  TempDir dir;
  FakeClock clock(At("2026-11-22T08:00:00Z") * 1000000);
  Spool spool(dir.Path("spool"), clock);
  auto zip = spool.CopyFrom("feed", "attachment.bin", kData + "report.csv.zip", 1 << 20);
  ASSERT_TRUE(zip) << zip.error().message();
  auto files = UnpackReports(spool, "feed", *zip, 1 << 20);
  ASSERT_TRUE(files) << files.error().message();
  ASSERT_EQ(files->size(), 1u);  // __MACOSX and folders skipped
  EXPECT_EQ((*files)[0].name, "2026-11-21-scan_ntp-belgium-asn.csv");
  const std::string csv =
      ReadFile(std::string(BELFRY_SOURCE_DIR) +
               "/tests/golden/recipes/shadowserver-imap/2026-11-21-scan_ntp-belgium-asn.input");
  EXPECT_EQ(ReadFile((*files)[0].path), csv);
  EXPECT_EQ((*files)[0].sha256, Sha256Hex(csv));
  EXPECT_NE((*files)[0].path.find("/feed/2026-11-22/"), std::string::npos);

  auto gz = spool.CopyFrom("feed", "report.csv.gz", kData + "report.csv.gz", 1 << 20);
  auto gz_files = UnpackReports(spool, "feed", *gz, 1 << 20);
  ASSERT_TRUE(gz_files) << gz_files.error().message();
  EXPECT_EQ((*gz_files)[0].name, "report.csv");
  EXPECT_EQ((*gz_files)[0].sha256, Sha256Hex(csv));

  auto plain = spool.Put("feed", "x.txt", "192.0.2.1\n");
  auto same = UnpackReports(spool, "feed", *plain, 1 << 20);
  ASSERT_TRUE(same);
  EXPECT_EQ((*same)[0].path, plain->path);
}

TEST(Spool, ArchiveBombsAndDamageAreErrors) {
  TempDir dir;
  FakeClock clock(0);
  Spool spool(dir.Path("spool"), clock);
  auto bomb = spool.CopyFrom("feed", "bomb.csv.gz", kData + "bomb.csv.gz", 1 << 20);
  auto r = UnpackReports(spool, "feed", *bomb, 1 << 20);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("max_size"), std::string::npos) << r.error().message();
  auto damaged = spool.CopyFrom("feed", "damaged.zip", kData + "damaged.zip", 1 << 20);
  EXPECT_FALSE(UnpackReports(spool, "feed", *damaged, 1 << 20));
  EXPECT_FALSE(spool.CopyFrom("feed", "big", kData + "bomb.csv.gz", 100));
  // No half-written file is left behind.
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir.Path("spool")))
    EXPECT_NE(e.path().extension(), ".part") << e.path();
}

TEST(Spool, PurgedByDay) {
  TempDir dir;
  FakeClock clock(At("2026-08-01T10:00:00Z") * 1000000);
  Spool spool(dir.Path("spool"), clock);
  auto old_file = spool.Put("feed", "old.csv", "x");
  clock.Set(At("2026-11-22T10:00:00Z") * 1000000);
  auto new_file = spool.Put("feed", "new.csv", "y");
  auto removed = PurgeSpool(dir.Path("spool"), At("2026-08-23T10:00:00Z"));
  ASSERT_TRUE(removed) << removed.error().message();
  EXPECT_EQ(*removed, 1u);
  EXPECT_FALSE(std::filesystem::exists(old_file->path));
  EXPECT_TRUE(std::filesystem::exists(new_file->path));
  EXPECT_EQ(*PurgeSpool(dir.Path("nothing-here"), 0), 0u);
}

TEST(Mail, AttachmentsDecoded) {
  auto m = ParseMail(ReadFile(kData + "shadowserver-report.eml"));
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_EQ(m->message_id, "20261121.ntp@shadowserver.example");
  EXPECT_EQ(m->subject, "[belgium] Shadowserver belgium NTP-Version Report: 2026-11-21");
  ASSERT_EQ(m->attachments.size(), 1u);
  EXPECT_EQ(m->attachments[0].name, "2026-11-21-scan_ntp-belgium-asn.csv.zip");
  EXPECT_EQ(m->attachments[0].data, ReadFile(kData + "report.csv.zip"));
  EXPECT_TRUE(IsReportAttachment(m->attachments[0], ""));
  EXPECT_TRUE(IsReportAttachment(m->attachments[0], R"(\.csv(\.zip)?$)"));
  EXPECT_FALSE(IsReportAttachment(m->attachments[0], R"(\.json$)"));
  EXPECT_TRUE(SubjectMatches(m->subject, "shadowserver"));  // case-insensitive
  EXPECT_FALSE(SubjectMatches(m->subject, "^Fwd:"));
}

TEST(Mail, ForwardedMailsCount) {
  auto m = ParseMail(ReadFile(kData + "forwarded-report.eml"));
  ASSERT_TRUE(m) << m.error().message();
  ASSERT_EQ(m->attachments.size(), 1u);
  EXPECT_EQ(m->attachments[0].name, "2026-11-21-scan_ntp-belgium-asn.csv.zip");
}

TEST(Mail, GarbageIsNotACrash) {
  (void)ParseMail("");
  (void)ParseMail("\x00\x01\x02 not a mail\r\n\r\n--boundary");
  (void)ParseMail("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n--x--");
  SUCCEED();
}

TEST(SourceConfig, ParsedAndChecked) {
  auto c = ParseConfig(R"(
[[feeds]]
name = "api"
parser = "shadowserver"
source = "shadowserver-api"
reports = ["belgium"]
secret = "$SS_SECRET"
max_size = "20MB"
timeout = "30s"
[[feeds]]
name = "box"
parser = "shadowserver"
source = "dir:/var/spool/belfry/in"
)",
                       "t.toml");
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->feeds[0].source.kind, "shadowserver-api");
  EXPECT_EQ(c->feeds[0].source.schedule, "every 1h");
  EXPECT_EQ(c->feeds[0].source.max_bytes, 20u << 20);
  EXPECT_EQ(c->feeds[0].source.timeout_seconds, 30);
  EXPECT_EQ(c->feeds[0].source.secret, "$SS_SECRET");  // resolved only when collecting
  EXPECT_EQ(c->feeds[1].source.done_dir, "/var/spool/belfry/in/done");
  EXPECT_EQ(c->feeds[1].source.schedule, "every 30s");

  struct Bad {
    const char* toml;
    const char* says;
  };
  for (const Bad& b : {
           Bad{"[[feeds]]\nname='a'\nparser='shadowserver'\nsource='ftp://x'\n",
               "t.toml:4: feeds[0].source"},
           Bad{"[[feeds]]\nname='a'\nparser='shadowserver'\nsource='dir:/x'\nschedule='0 6 *'\n",
               "t.toml:5: feeds[0].schedule: cron expression"},
           Bad{"[[feeds]]\nname='a'\nparser='shadowserver'\nsource='shadowserver-api'\n",
               "feeds[0].reports"},
           Bad{"[[feeds]]\nname='a'\nparser='shadowserver'\nschedule='1h'\n",
               "t.toml:4: feeds[0].schedule: needs a source"},
           Bad{"[[feeds]]\nname='a'\nparser='shadowserver'\nsource='maildir:/m'\nsubject='('\n",
               "t.toml:5: feeds[0].subject: not a valid regular expression"},
           Bad{"[[feeds]]\nname='a'\nparser='shadowserver'\nsource='dir:/x'\nmax_size='lots'\n",
               "feeds[0].max_size"},
       }) {
    auto r = ParseConfig(b.toml, "t.toml");
    ASSERT_FALSE(r) << b.toml;
    EXPECT_NE(r.error().message().find(b.says), std::string::npos) << r.error().message();
  }
}

TEST(Secrets, FromConfigurationOrEnvironment) {
  EXPECT_EQ(*ResolveSecret("literal", "k", ""), "literal");
  setenv("BELFRY_TEST_SECRET", "from-env", 1);
  EXPECT_EQ(*ResolveSecret("$BELFRY_TEST_SECRET", "k", ""), "from-env");
  EXPECT_EQ(*ResolveSecret("", "k", "BELFRY_TEST_SECRET"), "from-env");
  unsetenv("BELFRY_TEST_SECRET");
  auto missing = ResolveSecret("$BELFRY_TEST_SECRET", "feeds.x.secret", "");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("feeds.x.secret"), std::string::npos);
}

// A source that delivers what the test gives it and records the verdicts.
class ScriptedSource : public Source {
 public:
  std::vector<std::vector<std::string>> deliveries;  // report contents per delivery
  std::vector<Outcome> verdicts;
  Status fail = Ok();
  Status Collect(SourceContext& ctx, const DeliveryHandler& handle) override {
    if (!fail) return fail;
    int n = 0;
    for (const auto& contents : deliveries) {
      Delivery d;
      d.label = "delivery " + std::to_string(n++);
      for (const auto& c : contents) {
        auto f = ctx.spool.Put(ctx.feed.name, "r" + std::to_string(n) + ".csv", c);
        d.reports.push_back(CollectedReport{d.label, *f});
      }
      verdicts.push_back(handle(d).outcome);
    }
    return Ok();
  }
};

// The collector owns the sources it makes; the test keeps the scripted one to look at.
class Forwarding : public Source {
 public:
  explicit Forwarding(Source* to) : to_(to) {}
  Status Collect(SourceContext& ctx, const DeliveryHandler& handle) override {
    return to_->Collect(ctx, handle);
  }

 private:
  Source* to_;
};

struct CollectorFixture {
  TempDir dir;
  FakeClock clock{At("2026-11-22T08:00:00Z") * 1000000};
  Config config;
  FeedConfig feed;
  std::unique_ptr<SqliteReportLedger> ledger = *SqliteReportLedger::Open(dir.Path("b.db"));
  Spool spool{dir.Path("spool"), clock};
  std::vector<std::string> ingested;  // contents, in order
  bool store_down = false;
  std::unique_ptr<ScriptedSource> owned = std::make_unique<ScriptedSource>();
  ScriptedSource* source = owned.get();
  Collector collector{config.collect,
                      *ledger,
                      spool,
                      clock,
                      [this](const FeedConfig&, const SpooledFile& f) -> Result<IngestSummary> {
                        if (store_down) return Fail(Error::Unavailable("database is locked"));
                        IngestSummary s;
                        std::string c = ReadFile(f.path);
                        ingested.push_back(c);
                        s.files = 1;
                        if (c == "bad") {
                          s.failed_files = 1;
                          s.file_errors.push_back(f.path + ": unknown report type");
                        } else {
                          s.stored = 1;
                        }
                        return s;
                      },
                      [this](const FeedConfig&) -> Result<std::unique_ptr<Source>> {
                        return std::unique_ptr<Source>(new Forwarding(source));
                      }};
  CollectorFixture() {
    feed.name = "f";
    feed.source.kind = "dir";
    feed.source.schedule = "every 1h";
  }
  void Reload() {
    owned = std::make_unique<ScriptedSource>();
    source = owned.get();
  }
};

TEST(Collector, ExactlyOnceByChecksum) {
  CollectorFixture fx;
  fx.source->deliveries = {{"a", "b"}, {"a"}, {"bad"}};
  FeedRunResult r = fx.collector.RunFeed(fx.feed, nullptr);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.reports, 2u);
  EXPECT_EQ(r.skipped, 1u);  // "a" again
  EXPECT_EQ(r.failed, 1u);
  EXPECT_EQ(fx.ingested, (std::vector<std::string>{"a", "b", "bad"}));
  EXPECT_EQ(fx.source->verdicts,
            (std::vector<Outcome>{Outcome::kDone, Outcome::kDone, Outcome::kFailed}));
  auto recent = fx.ledger->Recent("f", 10);
  ASSERT_EQ(recent->size(), 4u);
  EXPECT_EQ((*recent)[0].status, "failed");
  EXPECT_EQ((*recent)[0].error, "unknown report type");  // without the spool path
  EXPECT_EQ((*recent)[1].status, "duplicate");
  auto state = fx.ledger->State("f");
  EXPECT_EQ(state->failures, 0);
  EXPECT_EQ(state->next_run, At("2026-11-22T09:00:00Z"));
  EXPECT_EQ(*fx.collector.NextRun(fx.feed), At("2026-11-22T09:00:00Z"));
}

TEST(Collector, StoreFailureKeepsTheReportForTheNextRun) {
  CollectorFixture fx;
  fx.source->deliveries = {{"a"}, {"b"}};
  fx.store_down = true;
  FeedRunResult r = fx.collector.RunFeed(fx.feed, nullptr);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("database is locked"), std::string::npos);
  EXPECT_EQ(fx.source->verdicts, (std::vector<Outcome>{Outcome::kKeep, Outcome::kKeep}));
  EXPECT_EQ(fx.ledger->Pending("f")->size(), 1u);
  EXPECT_EQ(fx.ledger->State("f")->failures, 1);
  // Next run: the pending report is resumed from the spool, then the source is read again.
  fx.store_down = false;
  fx.Reload();
  fx.source->deliveries = {{"a"}, {"b"}};
  r = fx.collector.RunFeed(fx.feed, nullptr);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(fx.ingested, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r.skipped, 1u);
  EXPECT_TRUE(fx.ledger->Pending("f")->empty());
  EXPECT_EQ(fx.ledger->State("f")->failures, 0);
}

TEST(Collector, FailingSourceIsRecorded) {
  CollectorFixture fx;
  fx.source->fail = Fail(Error::Unavailable("https://example.org/x: HTTP 500"));
  FeedRunResult r = fx.collector.RunFeed(fx.feed, nullptr);
  EXPECT_FALSE(r.ok);
  auto st = fx.ledger->State("f");
  EXPECT_EQ(st->last_error, "https://example.org/x: HTTP 500");
  EXPECT_EQ(st->last_error_at, At("2026-11-22T08:00:00Z"));
  EXPECT_EQ(st->last_success, 0);
  // A failing feed is tried again before its next scheduled run: 5 min, 10 min, … 1 h.
  EXPECT_EQ(st->next_run, At("2026-11-22T08:05:00Z"));
  fx.clock.Set(At("2026-11-22T08:05:00Z") * 1000000);
  fx.collector.RunFeed(fx.feed, nullptr);
  EXPECT_EQ(fx.ledger->State("f")->next_run, At("2026-11-22T08:15:00Z"));
  for (int i = 0; i < 6; ++i) fx.collector.RunFeed(fx.feed, nullptr);
  EXPECT_EQ(fx.ledger->State("f")->next_run, At("2026-11-22T09:05:00Z"));  // capped at 1 h
}

TEST(Collector, OneCollectorPerFeedAtATime) {
  CollectorFixture fx;
  fx.source->deliveries = {{"a"}};
  auto held = fx.spool.TryLockFeed("f");  // as another process would hold it
  ASSERT_TRUE(held && held->held());
  FeedRunResult r = fx.collector.RunFeed(fx.feed, nullptr);
  EXPECT_TRUE(r.busy);
  EXPECT_TRUE(fx.ingested.empty());
  EXPECT_EQ(fx.ledger->State("f")->last_run, 0);
  *held = FeedLock();
  r = fx.collector.RunFeed(fx.feed, nullptr);
  EXPECT_FALSE(r.busy);
  EXPECT_EQ(fx.ingested.size(), 1u);
}

TEST(Collector, StopSettlesNothingMore) {
  CollectorFixture fx;
  fx.source->deliveries = {{"a"}, {"b"}};
  std::atomic<bool> stop{true};
  FeedRunResult r = fx.collector.RunFeed(fx.feed, &stop);
  EXPECT_TRUE(fx.ingested.empty());
  EXPECT_TRUE(r.ok);
}

}  // namespace
}  // namespace belfry

namespace belfry {
namespace {

// `belfry run`'s loop, driven by a fake clock: a feed every hour runs at once, then again
// only when the clock has moved an hour; a stop request ends the loop between runs.
TEST(FeedScheduler, RunsFeedsWhenDueAndStopsOnRequest) {
  CollectorFixture fx;
  FeedConfig hourly = fx.feed;
  FeedConfig daily = fx.feed;
  daily.name = "daily";
  daily.source.schedule = "daily";
  StopToken stop;
  Metrics metrics;
  FeedScheduler scheduler(fx.collector, *fx.ledger, fx.clock, stop, &metrics);
  std::vector<std::pair<std::string, int64_t>> runs;  // feed, when
  auto on_run = [&](const FeedConfig& f, const FeedRunResult& r) {
    EXPECT_TRUE(r.ok) << r.error;
    runs.emplace_back(f.name, fx.clock.NowSeconds());
    if (runs.size() == 4) stop.RequestStop();
  };
  const int64_t start = fx.clock.NowSeconds();  // 08:00
  scheduler.Run({&hourly, &daily}, on_run);
  ASSERT_EQ(runs.size(), 4u);
  // Both at once (a feed that never ran is due), then the hourly one at 09:00 and 10:00.
  EXPECT_EQ(runs[0], std::make_pair(std::string("f"), start));
  EXPECT_EQ(runs[1].first, "daily");
  EXPECT_EQ(runs[2], std::make_pair(std::string("f"), start + 3600));
  EXPECT_EQ(runs[3], std::make_pair(std::string("f"), start + 7200));
  EXPECT_NE(metrics.RenderPrometheus().find("belfry_feed_up{feed=\"f\"} 1"), std::string::npos)
      << metrics.RenderPrometheus();
}

TEST(FeedScheduler, AReloadRequestEndsTheLoopForTheCallerToRewire) {
  CollectorFixture fx;
  StopToken stop;
  FeedScheduler scheduler(fx.collector, *fx.ledger, fx.clock, stop, nullptr);
  int runs = 0;
  scheduler.Run({&fx.feed}, [&](const FeedConfig&, const FeedRunResult&) {
    if (++runs == 2) stop.RequestReload();
  });
  EXPECT_EQ(runs, 2);
  EXPECT_FALSE(stop.stop_requested());
  EXPECT_TRUE(stop.TakeReload());
}

}  // namespace
}  // namespace belfry
