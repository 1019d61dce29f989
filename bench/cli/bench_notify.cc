#include "bench/cli/bench_notify.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "bench/cli/process.h"
#include "core/json_object.h"

namespace belfry {
namespace {

namespace fs = std::filesystem;

int FreePort() {
  auto r = RunProcess({"python3", "-c",
                       "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); "
                       "print(s.getsockname()[1])"});
  return r ? std::stoi(r->out) : 0;
}

// Organisation i owns 10.<i/256>.<i%256>.0/24 (generated data, private space) and has one
// contact; languages and formats vary as in a real constituency.
Status WriteConstituency(const std::string& path, uint64_t contacts) {
  std::ofstream out(path);
  out << "organisation,name,country,sector,entity_class,tags,networks,asns,domains,email,role,"
         "language,format,pgp_fingerprint,contact_network\n";
  static const char* kLanguages[] = {"nl", "fr", "en", ""};
  for (uint64_t i = 0; i < contacts; ++i)
    out << fmt::format("ORG-B{0},Bench organisation {0},BE,digital-infrastructure,none,,"
                       "10.{1}.{2}.0/24,,,abuse@org{0}.example,abuse,{3},csv,,\n",
                       i, i / 256, i % 256, kLanguages[i % 4]);
  return out ? Ok() : Fail(Error::Io("cannot write " + path));
}

// A Shadowserver scan_telnet report: `events` rows spread evenly over the organisations.
Status WriteReport(const std::string& path, uint64_t events, uint64_t contacts) {
  std::ofstream out(path);
  out << "\"timestamp\",\"severity\",\"ip\",\"protocol\",\"port\",\"hostname\",\"tag\",\"asn\","
         "\"geo\",\"region\",\"city\",\"naics\",\"hostname_source\",\"sector\",\"banner\"\n";
  const auto now = std::chrono::system_clock::now() - std::chrono::hours(2);
  const std::string ts = fmt::format("{:%Y-%m-%d %H:%M:%S}", fmt::gmtime(std::chrono::system_clock::to_time_t(now)));
  for (uint64_t e = 0; e < events; ++e) {
    const uint64_t org = e % contacts, host = 1 + (e / contacts) % 250;
    out << fmt::format("\"{}\",\"medium\",\"10.{}.{}.{}\",\"tcp\",\"23\",\"\",\"telnet\","
                       "\"64496\",\"BE\",\"\",\"\",\"\",\"\",\"\",\"login:\"\n",
                       ts, org / 256, org % 256, host);
  }
  return out ? Ok() : Fail(Error::Io("cannot write " + path));
}

struct Timing {
  std::string what;
  std::vector<double> seconds;
  uint64_t mails = 0;
  std::string error;
};

}  // namespace

int RunBenchNotify(const BenchNotifyOptions& o) {
  std::string work = o.dir;
  if (work.empty())
    work = (fs::temp_directory_path() / fmt::format("belfry-bench-notify-{}", getpid())).string();
  fs::create_directories(work);
  const std::string self = SelfPath();
  auto say = [&](const std::string& s) {
    if (!o.json) fmt::print("{}\n", s);
    std::fflush(stdout);
  };
  // Data: constituency, report, one database with both, not yet notified.
  const std::string orgs = work + "/organisations.csv", report_dir = work + "/report";
  const std::string report = report_dir + "/2026-11-28-scan_telnet-belgium-asn.csv";
  const std::string seed_db = work + "/seed.db";
  fs::create_directories(report_dir);
  if (auto s = WriteConstituency(orgs, o.contacts); !s) return Report(s.error());
  if (auto s = WriteReport(report, o.events, o.contacts); !s) return Report(s.error());
  fs::remove(seed_db);
  say(fmt::format("bench notify: {} events for {} contacts; preparing {}", o.events,
                  o.contacts, work));
  for (const auto& argv : std::vector<std::vector<std::string>>{
           {self, "--db", seed_db, "constituency", "import", "csv", orgs},
           {self, "--db", seed_db, "ingest", "--feed", "shadowserver", report_dir}}) {
    auto r = RunProcess(argv);
    if (!r) return Report(r.error());
  }
  // Keys: a throw-away GnuPG home per key type.
  const std::string cert = work + "/cert.pem", key = work + "/key.pem";
  auto tls = RunProcess({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days",
                         "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                         "-keyout", key, "-out", cert});
  if (!tls) return Report(tls.error());
  std::vector<Timing> timings;
  for (const auto& type : o.keys) {
    const std::string home = work + "/gnupg-" + type;
    fs::remove_all(home);
    fs::create_directories(home);
    fs::permissions(home, fs::perms::owner_all);
    const std::string algo = type == "rsa3072" ? "rsa3072" : "ed25519";
    auto gen = RunProcess({"gpg", "--homedir", home, "--batch", "--pinentry-mode", "loopback",
                           "--passphrase", "", "--quick-gen-key", "Bench CERT <cert@example.be>",
                           algo, "sign", "never"});
    if (!gen) return Report(gen.error());
  }

  const int port = FreePort();
  const std::string received = work + "/received";
  const std::string user = "belfry", pass = "bench-pass";
  auto server_up = [&]() -> Result<pid_t> {
    fs::remove_all(received);
    fs::create_directories(received);
    auto pid = StartProcess({"node", o.server_script, "--port", std::to_string(port), "--dir",
                             received, "--cert", cert, "--key", key, "--user", user, "--pass",
                             pass});
    if (!pid) return pid;
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    return pid;
  };
  auto count_received = [&] {
    uint64_t n = 0;
    for (const auto& e : fs::directory_iterator(received))
      if (e.path().extension() == ".json") ++n;
    return n;
  };
  // One timed process against a fresh server; the mails it received are counted.
  auto timed = [&](const std::vector<std::string>& argv, Timing* t) -> Status {
    auto server = server_up();
    if (!server) return Fail(server.error());
    auto r = RunProcess(argv);
    // Whatever the server still writes is in flight: let it finish before counting.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    t->mails = count_received();
    StopProcess(*server);
    if (!r) return Fail(r.error());
    t->seconds.push_back(r->wall_seconds);
    return Ok();
  };
  auto run_belfry = [&](const std::string& type, Timing* t) -> Status {
    const std::string db = work + "/run.db", cfg = work + "/belfry-" + type + ".toml";
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);
    fs::remove_all(work + "/outbox");
    fs::copy_file(seed_db, db);
    std::ofstream(cfg) << fmt::format(
        "[store]\nurl = \"sqlite://{}\"\n[mail]\nfrom = \"cert@example.be\"\nca_file = \"{}\"\n"
        "starttls = \"required\"\n[notify]\nsigning_key = \"cert@example.be\"\n"
        "gnupg_home = \"{}\"\nper_domain_per_minute = 0\nsign_workers = {}\n",
        db, cert, work + "/gnupg-" + type, o.sign_workers);
    return timed({self, "--config", cfg, "notify", "run", "--smtp",
                  fmt::format("smtp://{}:{}@127.0.0.1:{}", user, pass, port)},
                 t);
  };
  auto run_baseline = [&](Timing* t) -> Status {
    return timed({"python3", o.baseline_script, report, orgs, std::to_string(port),
                  work + "/gnupg-ed25519", "cert@example.be", user, pass, cert},
                 t);
  };
  for (const auto& type : o.keys) timings.push_back({"belfry notify run, " + type, {}, 0, ""});
  const bool baseline = o.baseline && fs::exists(o.baseline_script) &&
                        std::find(o.keys.begin(), o.keys.end(), "ed25519") != o.keys.end();
  if (baseline) timings.push_back({"python + gpg per mail + smtplib, ed25519", {}, 0, ""});
  // Alternating runs: belfry (each key), then the baseline, `runs` times.
  for (int run = 0; run < o.runs; ++run) {
    for (size_t k = 0; k < o.keys.size(); ++k) {
      if (!timings[k].error.empty()) continue;
      if (auto s = run_belfry(o.keys[k], &timings[k]); !s) timings[k].error = s.error().message();
      say(fmt::format("  run {}: {:<44} {:>8.2f} s, {} mails received", run + 1, timings[k].what,
                      timings[k].seconds.empty() ? 0.0 : timings[k].seconds.back(),
                      timings[k].mails));
    }
    if (baseline && timings.back().error.empty()) {
      if (auto s = run_baseline(&timings.back()); !s) timings.back().error = s.error().message();
      say(fmt::format("  run {}: {:<44} {:>8.2f} s, {} mails received", run + 1,
                      timings.back().what,
                      timings.back().seconds.empty() ? 0.0 : timings.back().seconds.back(),
                      timings.back().mails));
    }
  }
  std::string rows = "[";
  for (const auto& t : timings) {
    const double med = Median(t.seconds);
    if (o.json) {
      if (rows.size() > 1) rows += ", ";
      rows += JsonObject()
                  .Str("variant", t.what)
                  .Raw("median_seconds", fmt::format("{:.3f}", med))
                  .Int("mails", static_cast<int64_t>(t.mails))
                  .Raw("mails_per_second", fmt::format("{:.0f}", med > 0 ? t.mails / med : 0))
                  .StrOrNull("error", t.error)
                  .Done();
    } else {
      fmt::print("{:<46} median {:>8.2f} s  {:>6} mails  {:>6.0f} mails/s{}\n", t.what, med,
                 t.mails, med > 0 ? t.mails / med : 0, t.error.empty() ? "" : "  ERROR: " + t.error);
    }
  }
  if (o.json)
    fmt::print("{}\n", JsonObject()
                           .Int("events", static_cast<int64_t>(o.events))
                           .Int("contacts", static_cast<int64_t>(o.contacts))
                           .Int("runs", o.runs)
                           .Raw("variants", rows + "]")
                           .Done());
  if (o.dir.empty()) fs::remove_all(work);
  for (const auto& t : timings)
    if (!t.error.empty()) return kExitFailure;
  return kExitOk;
}

}  // namespace belfry
