#include "bench/cli/bench_tracker.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "bench/cli/process.h"
#include "core/json_object.h"
#include "store/backends/sqlite/sqlite_ticket_store.h"
#include "ticket/observables.h"

namespace belfry {
namespace {

namespace fs = std::filesystem;

std::string WorkDir(const BenchTrackerOptions& o, const char* name) {
  if (!o.dir.empty()) {
    fs::create_directories(o.dir);
    return o.dir;
  }
  std::string d = (fs::temp_directory_path() / fmt::format("belfry-bench-{}-{}", name, getpid())).string();
  fs::create_directories(d);
  return d;
}

constexpr int64_t kYearStart = 1767225600;  // 2026-01-01T00:00:00Z
constexpr const char* kClasses[] = {"system-compromise", "phishing", "infected-system", "ddos",
                                    "vulnerable-system", "brute-force", "scanner", "spam",
                                    "data-leak", "malware-distribution"};
constexpr const char* kSectors[] = {"health", "energy", "transport", "banking", "education",
                                    "public-administration", "digital-infrastructure", ""};

Status GenerateTickets(const std::string& db, uint64_t n) {
  auto store = SqliteTicketStore::Open(db);
  if (!store) return Fail(store.error());
  std::mt19937_64 rng(42);
  const int64_t now = kYearStart + 330 * 86400;
  uint64_t done = 0;
  while (done < n) {
    BELFRY_RETURN_IF_ERROR((*store)->Begin());
    for (uint64_t i = 0; i < 20000 && done < n; ++i, ++done) {
      Ticket t;
      uint64_t r = rng() % 100;
      t.queue = r < 50 ? Queue::kReports : r < 75 ? Queue::kIncidents : r < 95 ? Queue::kInvestigations
                                                                            : Queue::kCountermeasures;
      t.created = kYearStart + static_cast<int64_t>(done * 330 * 86400 / n);
      t.updated = t.created;
      bool ended = rng() % 100 < 92;
      const auto& statuses = Statuses(t.queue);
      t.status = std::string(ended ? statuses.back() : statuses.front());
      if (ended) t.resolved = t.created + 86400;
      t.subject = fmt::format("Generated ticket {}", done);
      t.requestors = {fmt::format("abuse@site{}.example", rng() % 5000)};
      t.owner = fmt::format("analyst{}", rng() % 12);
      t.organisation = fmt::format("ORG-{}", rng() % 5000);
      t.sector = kSectors[rng() % 8];
      t.classification = kClasses[rng() % 10];
      t.severity = static_cast<int>(1 + rng() % 4);
      t.due = t.created + 3 * 86400;
      if (t.queue == Queue::kReports) {
        t.response_due = t.created + 4 * 3600;
        if (rng() % 100 < 90) t.first_response = t.created + static_cast<int64_t>(rng() % 20000);
      }
      (void)now;
      auto id = (*store)->CreateTicket(t);
      if (!id) return Fail(id.error());
    }
    BELFRY_RETURN_IF_ERROR((*store)->Commit());
  }
  return Ok();
}

struct Timed {
  std::string name;
  std::vector<std::string> argv;
  std::vector<double> wall;
};

}  // namespace

int RunBenchTickets(const BenchTrackerOptions& o, const char* argv0) {
  std::string dir = WorkDir(o, "tickets");
  std::string db = dir + "/belfry.db";
  if (!fs::exists(db)) {
    fmt::print(stderr, "generating {} tickets in {} ...\n", o.tickets, db);
    auto t0 = std::chrono::steady_clock::now();
    if (auto s = GenerateTickets(db, o.tickets); !s) return Report(s.error());
    fmt::print(stderr, "generated in {:.1f} s\n",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::string self = SelfPath();
  (void)argv0;
  std::vector<Timed> cases = {
      {"ticket list", {self, "--db", db, "ticket", "list"}, {}},
      {"ticket list --queue incidents --status open", {self, "--db", db, "ticket", "list", "--queue", "incidents", "--status", "open"}, {}},
      {"ticket list --overdue", {self, "--db", db, "ticket", "list", "--overdue"}, {}},
      {"ticket list --owner analyst3", {self, "--db", db, "ticket", "list", "--owner", "analyst3"}, {}},
      {"stats --year 2026", {self, "--db", db, "stats", "--year", "2026"}, {}},
      {"stats --year 2026 --json", {self, "--db", db, "stats", "--year", "2026", "--json"}, {}},
      // Baselines: what an operator types into the sqlite3 shell: the same answers by
      // walking the rows.
      {"baseline: sqlite3 list (ORDER BY id DESC LIMIT 50)", {"sqlite3", db, "SELECT id, queue, status, subject FROM tickets WHERE active = 1 ORDER BY id DESC LIMIT 50"}, {}},
      {"baseline: sqlite3 stats (GROUP BY over the year's rows)", {"sqlite3", db, "SELECT queue, classification, sector, count(*) FROM tickets WHERE created >= 1767225600 AND created < 1798761600 GROUP BY 1, 2, 3"}, {}},
      {"baseline: sqlite3 median first response", {"sqlite3", db, "SELECT first_response - created FROM tickets WHERE first_response > 0 AND created >= 1767225600 ORDER BY 1 LIMIT 1 OFFSET (SELECT count(*) / 2 FROM tickets WHERE first_response > 0 AND created >= 1767225600)"}, {}},
  };
  for (int run = 0; run < o.runs; ++run) {
    for (auto& c : cases) {
      auto r = RunProcess(c.argv);
      if (!r) return Report(r.error());
      c.wall.push_back(r->wall_seconds);
    }
  }
  if (o.json) {
    JsonObject out;
    out.Int("tickets", static_cast<int64_t>(o.tickets));
    for (auto& c : cases) out.Raw(c.name, fmt::format("{:.4f}", Median(c.wall)));
    fmt::print("{}\n", out.Done());
  } else {
    fmt::print("{} tickets, median of {} runs (whole processes, wall time):\n", o.tickets, o.runs);
    for (auto& c : cases) fmt::print("  {:<60} {:8.1f} ms\n", c.name, Median(c.wall) * 1000);
  }
  if (o.dir.empty()) fs::remove_all(dir);
  return kExitOk;
}

int RunBenchMailGateway(const BenchTrackerOptions& o, const char* argv0) {
  std::string dir = WorkDir(o, "gateway");
  std::string self = SelfPath();
  (void)argv0;
  std::mt19937_64 rng(7);
  // The batch: new reports with log attachments, replies under a tag, a phishing wave.
  fs::remove_all(dir + "/mails");
  fs::create_directories(dir + "/mails");
  std::string log = GenerateLogText(2000, 11);
  for (uint64_t i = 0; i < o.messages; ++i) {
    std::string name = fmt::format("{}/mails/{:07}.eml", dir, i);
    std::ofstream f(name, std::ios::binary);
    uint64_t kind = rng() % 10;
    f << fmt::format("From: reporter{}@example.net\nTo: cert@example.be\nMessage-ID: <m{}@example.net>\n"
                     "Date: Sun, 29 Nov 2026 10:00:00 +0000\nMIME-Version: 1.0\n",
                     rng() % 1000, i);
    if (kind < 6) {
      f << fmt::format("Subject: Compromised host 192.0.2.{} report {}\n"
                       "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\n"
                       "Dear CERT, see the attached log of 192.0.2.{}.\n--b\nContent-Type: text/plain; name=\"log.txt\"\n"
                       "Content-Disposition: attachment; filename=\"log.txt\"\n\n{}\n--b--\n",
                       i % 250, i, i % 250, log);
    } else if (kind < 9) {
      f << fmt::format("Subject: Re: [BELFRY #{}] Compromised host\nContent-Type: text/plain\n\n"
                       "Fixed, the host was cleaned.\n",
                       1 + rng() % std::max<uint64_t>(1, i / 2));
    } else {
      f << "Subject: Fwd: your account\nContent-Type: text/plain\n\n"
           "Is this real? hxxps://bank.example.com.phish[.]example/login\n";
    }
  }
  std::vector<double> batch, single;
  uint64_t single_n = std::min(o.baseline_messages, o.messages);
  for (int run = 0; run < o.runs; ++run) {
    std::string work = fmt::format("{}/run{}", dir, run);
    fs::remove_all(work);
    fs::create_directories(work + "/maildir/new");
    fs::create_directories(work + "/maildir/cur");
    fs::create_directories(work + "/maildir/tmp");
    for (const auto& e : fs::directory_iterator(dir + "/mails"))
      fs::copy_file(e.path(), work + "/maildir/new/" + e.path().filename().string());
    auto r = RunProcess({self, "--db", work + "/belfry.db", "-q", "mail-gateway", "--maildir", work + "/maildir"});
    if (!r) return Report(r.error());
    batch.push_back(r->wall_seconds);
    // One process per mail, as an MTA pipe runs it.
    std::string single_db = work + "/single.db";
    double total = 0;
    uint64_t k = 0;
    for (const auto& e : fs::directory_iterator(dir + "/mails")) {
      if (k++ >= single_n) break;
      auto t0 = std::chrono::steady_clock::now();
      std::string cmd = fmt::format("'{}' --db '{}' -q mail-gateway < '{}' > /dev/null", self, single_db, e.path().string());
      if (std::system(cmd.c_str()) != 0) return Report(Error::Internal("mail-gateway failed in the baseline"));
      total += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    single.push_back(total);
    fs::remove_all(work);
  }
  double b = Median(batch), s = Median(single);
  double batch_rate = static_cast<double>(o.messages) / b;
  double single_rate = static_cast<double>(single_n) / s;
  if (o.json) {
    fmt::print("{}\n", JsonObject()
                           .Int("messages", static_cast<int64_t>(o.messages))
                           .Raw("batch_seconds", fmt::format("{:.3f}", b))
                           .Raw("batch_messages_per_second", fmt::format("{:.0f}", batch_rate))
                           .Int("per_process_messages", static_cast<int64_t>(single_n))
                           .Raw("per_process_messages_per_second", fmt::format("{:.0f}", single_rate))
                           .Done());
  } else {
    fmt::print("mail-gateway --maildir: {} messages in {:.2f} s = {:.0f} messages/s (median of {})\n",
               o.messages, b, batch_rate, o.runs);
    fmt::print("one process per mail (MTA pipe): {} messages at {:.0f} messages/s\n", single_n, single_rate);
  }
  if (o.dir.empty()) fs::remove_all(dir);
  return kExitOk;
}

std::string GenerateLogText(size_t bytes, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string out;
  out.reserve(bytes + 256);
  while (out.size() < bytes) {
    // The mix of an abuse desk's evidence: sshd and web server logs, mail logs, and now
    // and then a line with IPv6 (one in eight).
    const uint64_t pick = rng() % 8;
    switch (pick < 3 ? 0 : pick < 5 ? 1 : pick < 7 ? 2 : 3) {
      case 0:
        out += fmt::format("Nov {:2} {:02}:{:02}:{:02} host{} sshd[{}]: Failed password for root from 198.51.100.{} port {} ssh2\n",
                           1 + rng() % 28, rng() % 24, rng() % 60, rng() % 60, rng() % 50, rng() % 65535, rng() % 256, 1024 + rng() % 60000);
        break;
      case 1:
        out += fmt::format("203.0.113.{} - - [29/Nov/2026:10:{:02}:{:02} +0100] \"GET /wp-login.php?user=admin HTTP/1.1\" 404 {} \"http://www.example.com/\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n",
                           rng() % 256, rng() % 60, rng() % 60, rng() % 5000);
        break;
      case 2:
        out += fmt::format("2026-11-29T10:{:02}:{:02}Z postfix/smtpd[{}]: NOQUEUE: reject: RCPT from unknown[192.0.2.{}]: 550 5.7.1 <user{}@example.org>: Recipient address rejected\n",
                           rng() % 60, rng() % 60, rng() % 65535, rng() % 256, rng() % 1000);
        break;
      default:
        out += fmt::format("2026-11-29 10:{:02}:{:02} login ok ftp://user{}@2001:db8::{:x}/ session {} closed normally after {} seconds\n",
                           rng() % 60, rng() % 60, rng() % 1000, rng() % 65535, rng(), rng() % 3600);
    }
  }
  return out;
}

int RunBenchObservables(const BenchTrackerOptions& o) {
  std::string dir = WorkDir(o, "observables");
  std::string file = dir + "/logs.txt";
  const size_t bytes = static_cast<size_t>(o.megabytes) * 1000 * 1000;
  std::string text = GenerateLogText(bytes, 3);
  std::ofstream(file, std::ios::binary) << text;
  std::vector<double> ours, single, grep;
  size_t hits_count = 0;
  for (int run = 0; run < o.runs; ++run) {
    std::vector<ObservableHit> hits;
    auto t0 = std::chrono::steady_clock::now();
    ExtractObservables(text, &hits);
    ours.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    hits_count = hits.size();
    // One core: the same text in 1 MB pieces (below the parallel threshold), in turn.
    std::vector<ObservableHit> hits1;
    auto t1 = std::chrono::steady_clock::now();
    for (size_t off = 0; off < text.size();) {
      size_t end = std::min(text.size(), off + 1000000);
      size_t nl = text.find('\n', end);
      end = nl == std::string::npos ? text.size() : nl + 1;
      ExtractObservables(std::string_view(text).substr(off, end - off), &hits1);
      off = end;
    }
    single.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count());
    auto r = RunProcess({"sh", "-c", fmt::format("grep -oE '[0-9]{{1,3}}\\.[0-9]{{1,3}}\\.[0-9]{{1,3}}\\.[0-9]{{1,3}}' '{}' | wc -l", file)});
    if (!r) return Report(r.error());
    grep.push_back(r->wall_seconds);
  }
  const double mb = static_cast<double>(text.size()) / 1e6;
  double a = Median(ours), g = Median(grep), one = Median(single);
  if (o.json) {
    fmt::print("{}\n", JsonObject()
                           .Raw("megabytes", fmt::format("{:.1f}", mb))
                           .Int("observables", static_cast<int64_t>(hits_count))
                           .Raw("mb_per_second", fmt::format("{:.0f}", mb / a))
                           .Raw("single_core_mb_per_second", fmt::format("{:.0f}", mb / one))
                           .Raw("grep_ipv4_mb_per_second", fmt::format("{:.0f}", mb / g))
                           .Done());
  } else {
    fmt::print("observables: {:.0f} MB of log text, {} observables, {:.2f} s = {:.0f} MB/s (median of {}; "
               "{} threads)\n",
               mb, hits_count, a, mb / a, o.runs, std::min(8u, std::thread::hardware_concurrency()));
    fmt::print("one core (1 MB pieces in turn): {:.2f} s = {:.0f} MB/s\n", one, mb / one);
    fmt::print("baseline grep -oE (IPv4 only) over the same file: {:.2f} s = {:.0f} MB/s\n", g, mb / g);
  }
  if (o.dir.empty()) fs::remove_all(dir);
  return kExitOk;
}

}  // namespace belfry
