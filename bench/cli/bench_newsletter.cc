#include "bench/cli/bench_newsletter.h"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "bench/cli/process.h"
#include "core/clock.h"
#include "core/json_object.h"
#include "newsletter/newsletter_desk.h"
#include "publish/advisory_source.h"
#include "store/backends/sqlite/sqlite_ticket_store.h"

namespace belfry {
namespace {

namespace fs = std::filesystem;

// The baseline: the same mails with Python's standard library, queued in an outbox table of
// the same database in one transaction. argv: DB TEXT HTML.
constexpr const char* kBaseline = R"PY(
import sqlite3, sys
from email.message import EmailMessage
from email.utils import formatdate
db, text, html = sys.argv[1], open(sys.argv[2]).read(), open(sys.argv[3]).read()
con = sqlite3.connect(db)
con.execute("CREATE TABLE IF NOT EXISTS py_outbox(id INTEGER PRIMARY KEY, sender TEXT, rcpt TEXT, raw BLOB)")
rows = con.execute("SELECT id, email, token FROM newsletter_subscribers WHERE audience = 'pro' AND lang = 'en' AND state = 'confirmed'").fetchall()
with con:
    for sid, email, token in rows:
        link = "http://127.0.0.1:8080/newsletter/unsubscribe?token=" + token
        m = EmailMessage()
        m["From"] = "Belfry CSIRT <cert@example.be>"
        m["To"] = email
        m["Subject"] = "Newsletter Belfry CSIRT for professionals no. 1"
        m["Date"] = formatdate(usegmt=True)
        m["Message-ID"] = "<newsletter.pro-en.1.%d@example.be>" % sid
        m["List-Unsubscribe"] = "<" + link + ">"
        m["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        m.set_content(text.replace("@@BELFRY-UNSUBSCRIBE@@", link), cte="quoted-printable")
        m.add_alternative(html.replace("@@BELFRY-UNSUBSCRIBE@@", link), subtype="html", cte="quoted-printable")
        con.execute("INSERT INTO py_outbox(sender, rcpt, raw) VALUES (?, ?, ?)",
                    ("bounces+news-%d@example.be" % sid, email, m.as_bytes()))
print(len(rows))
)PY";

Status Generate(const std::string& db, uint64_t subscribers) {
  auto store = SqliteTicketStore::Open(db);
  if (!store) return Fail(store.error());
  BELFRY_RETURN_IF_ERROR((*store)->Begin());
  const int64_t now = SystemClock().NowSeconds();
  for (int i = 0; i < 20; ++i) {
    Advisory a;
    a.source = fmt::format(
        "+++\ntitle = \"Vulnerability {0} in Example Product {0}\"\nlang = \"en\"\n"
        "severity = \"high\"\ncves = [\"CVE-2026-{1}\"]\n+++\nA remote attacker can take over "
        "Example Product {0} through a crafted request. Update to the fixed version and "
        "restrict access to the management interface to trusted networks.\n\n## Details\n\n"
        "More text that the newsletter leaves out.\n",
        i, 20000 + i);
    auto src = ParseAdvisorySource(a.source, "bench");
    if (!src) return Fail(src.error());
    a.title = src->title;
    a.audience = "pro";
    a.kind = "advisory";
    a.lang = "en";
    a.severity = "high";
    a.status = AdvisoryStatus::kPublished;
    a.created = a.updated = a.published = now - 86400 + i * 600;
    a.revisions.push_back({1, a.published, "Initial release", "bench"});
    auto id = (*store)->AddAdvisory(a);
    if (!id) return Fail(id.error());
    a.id = *id;
    a.tracking_id = fmt::format("BELFRY-2026-{:04}", *id);
    BELFRY_RETURN_IF_ERROR((*store)->UpdateAdvisory(a));
  }
  for (uint64_t i = 0; i < subscribers; ++i) {
    Subscriber s;
    s.email = fmt::format("reader{}@org{}.example", i, i % 997);
    s.audience = "pro";
    s.lang = "en";
    s.state = SubscriberState::kConfirmed;
    s.token = fmt::format("{:064x}", i * 2654435761u + 1);
    s.source = "import";
    s.created = s.confirmed = now - 30 * 86400;
    auto id = (*store)->AddSubscriber(s);
    if (!id) return Fail(id.error());
  }
  return (*store)->Commit();
}

}  // namespace

int RunBenchNewsletter(const BenchNewsletterOptions& o) {
  const std::string dir =
      (fs::temp_directory_path() / fmt::format("belfry-bench-newsletter-{}", getpid())).string();
  fs::create_directories(dir);
  const std::string seed = dir + "/seed.db", db = dir + "/belfry.db";
  const std::string config = dir + "/belfry.toml";
  std::ofstream(config) << fmt::format(
      "[store]\nurl = \"sqlite://{}\"\n[publish]\nsite_dir = \"{}/site\"\n", db, dir);
  if (auto s = Generate(seed, o.subscribers); !s) return Report(s.error());
  const std::string self = SelfPath();
  auto fresh = [&] { fs::copy_file(seed, db, fs::copy_options::overwrite_existing); };
  fresh();
  {
    // The rendered issue, with the mark where each subscriber's link goes, for the baseline.
    auto store = SqliteTicketStore::Open(seed);
    if (!store) return Report(store.error());
    NewsletterConfig nc;
    TeamConfig team;
    PublishConfig publish;
    MailConfig mail;
    SystemClock clock;
    NewsletterDeps d;
    d.store = store->get();
    d.outbox = store->get();
    d.advisories = store->get();
    d.config = &nc;
    d.team = &team;
    d.publish = &publish;
    d.mail = &mail;
    d.clock = &clock;
    auto issue = NewsletterDesk(d).Compose("pro", "en");
    if (!issue) return Report(issue.error());
    std::ofstream(dir + "/issue.txt") << issue->issue.text;
    std::ofstream(dir + "/issue.html") << issue->issue.html;
  }
  std::ofstream(dir + "/baseline.py") << kBaseline;
  std::vector<double> send, baseline;
  for (int r = 0; r < o.runs; ++r) {
    fresh();
    auto s = RunProcess({self, "--config", config, "newsletter", "send", "--audience", "pro",
                         "--lang", "en", "--no-send"});
    if (!s) return Report(s.error());
    send.push_back(s->wall_seconds);
    fresh();
    auto b = RunProcess({"python3", dir + "/baseline.py", db, dir + "/issue.txt", dir + "/issue.html"});
    if (!b) return Report(b.error());
    baseline.push_back(b->wall_seconds);
  }
  if (o.json) {
    fmt::print("{}\n", JsonObject()
                           .Int("subscribers", static_cast<int64_t>(o.subscribers))
                           .Raw("newsletter send", fmt::format("{:.4f}", Median(send)))
                           .Raw("baseline: python3 email + sqlite3", fmt::format("{:.4f}", Median(baseline)))
                           .Done());
  } else {
    fmt::print("one issue (20 advisories) to {} subscribers, median of {} alternating runs "
               "(whole processes):\n", o.subscribers, o.runs);
    fmt::print("  {:<52} {:8.1f} ms\n", "belfry newsletter send --no-send", Median(send) * 1000);
    fmt::print("  {:<52} {:8.1f} ms\n", "baseline: python3 email.message + sqlite3", Median(baseline) * 1000);
  }
  fs::remove_all(dir);
  return kExitOk;
}

}  // namespace belfry
