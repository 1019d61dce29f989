#include "bench/cli/bench_ingest.h"

#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "bench/cli/bench_constituency.h"
#include "app/feed_factory.h"
#include "core/clock.h"
#include "parse/parsers/shadowserver/shadowserver_parser.h"
#include "pipeline/ingest_pipeline.h"
#include "pipeline/report_reader.h"
#include "store/backends/sqlite/sqlite_constituency_store.h"
#include "store/backends/sqlite/sqlite_event_store.h"

namespace belfry {
namespace {

// A loader as small as one can write in Python: csv.reader + sqlite3 executemany of the
// raw rows into one table, no validation, no index. The baseline IntelMQ-style tooling
// cannot beat.
constexpr const char* kPythonBaseline = R"PY(
import csv, sqlite3, sys, time
src, db = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
con = sqlite3.connect(db)
con.execute("PRAGMA journal_mode=WAL")
with open(src, newline="") as fh:
    r = csv.reader(fh)
    header = next(r)
    cols = ",".join('"c%d"' % i for i in range(len(header)))
    con.execute("CREATE TABLE rows (%s)" % cols)
    q = "INSERT INTO rows VALUES (%s)" % ",".join("?" * len(header))
    n = 0
    while True:
        batch = [row for _, row in zip(range(10000), r)]
        if not batch:
            break
        con.executemany(q, batch)
        n += len(batch)
con.commit()
con.close()
print(n, time.perf_counter() - t0)
)PY";

struct ChildResult {
  bool ok = false;
  uint64_t rows = 0;
  double seconds = 0;
  long max_rss_kb = 0;
};

ChildResult RunPythonBaseline(const std::string& script, const std::string& csv,
                              const std::string& db) {
  ChildResult res;
  int pipefd[2];
  if (pipe(pipefd) != 0) return res;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(pipefd[1], 1);
    close(pipefd[0]);
    execlp("python3", "python3", script.c_str(), csv.c_str(), db.c_str(),
           static_cast<char*>(nullptr));
    _exit(127);
  }
  close(pipefd[1]);
  std::string out;
  char buf[256];
  ssize_t n;
  while ((n = read(pipefd[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  close(pipefd[0]);
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return res;
  unsigned long long rows = 0;
  double secs = 0;
  if (std::sscanf(out.c_str(), "%llu %lf", &rows, &secs) == 2) {
    res.ok = true;
    res.rows = rows;
    res.seconds = secs;
    res.max_rss_kb = ru.ru_maxrss;
  }
  return res;
}

long PeakRssKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

}  // namespace

Status WriteSampleScanReport(const std::string& path, uint64_t rows) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return Fail(Error::Io(fmt::format("cannot write {}", path)));
  // Column list of scan_http from Shadowserver's reports.json.
  // clang-format off
  std::fputs(
      "\"timestamp\",\"severity\",\"ip\",\"protocol\",\"port\",\"hostname\",\"tag\",\"asn\","
      "\"geo\",\"region\",\"city\",\"naics\",\"hostname_source\",\"sector\",\"http\","
      "\"http_code\",\"http_reason\",\"content_type\",\"connection\",\"www_authenticate\","
      "\"set_cookie\",\"server\",\"content_length\",\"transfer_encoding\",\"http_date\","
      "\"version\"\n",
      f);
  // clang-format on
  std::mt19937_64 rng(42);
  static const char* kServers[] = {
      "nginx/1.22.1",   "Apache/2.4.57 (Debian)", "Microsoft-IIS/10.0", "lighttpd/1.4.69", "",
      "Boa/0.94.14rc21"};
  static const char* kPrefixes[] = {"192.0.2.", "198.51.100.", "203.0.113."};
  static const char* kCities[] = {"BRUSSELS", "ANTWERPEN", "GENT", "LIEGE", "CHARLEROI", "NAMUR"};
  static const char* kRegions[] = {
      "BRUXELLES-CAPITALE", "ANTWERPEN", "OOST-VLAANDEREN", "LIEGE", "HAINAUT", "NAMUR"};
  static const char* kAsns[] = {"64496", "64497", "64498", "64499", "64500", "64501"};
  std::string line;
  for (uint64_t i = 0; i < rows; ++i) {
    uint64_t r = rng();
    int h = static_cast<int>(i / 3600 % 24), m = static_cast<int>(i / 60 % 60),
        s = static_cast<int>(i % 60);
    int city = static_cast<int>(r % 6);
    const char* server = kServers[(r >> 8) % 6];
    line = fmt::format(
        "\"2026-11-21 "
        "{:02}:{:02}:{:02}\",\"info\",\"{}{}\",\"tcp\",\"{}\",\"{}\",\"http\",\"{}\",\"BE\",\"{}\","
        "\"{}\",\"{}\",\"{}\",\"{}\",\"HTTP/1.1 {} "
        "{}\",\"{}\",\"{}\",\"text/html\",\"close\",\"\",\"\",\"{}\",\"{}\","
        "\"\",\"Sat, 21 Nov 2026 {:02}:{:02}:{:02} GMT\",\"HTTP/1.1\"\n",
        h, m, s, kPrefixes[(r >> 16) % 3], 1 + (r >> 20) % 254, ((r >> 28) % 2) ? 80 : 8080,
        ((r >> 30) % 3) ? fmt::format("host-{}.example.net", (r >> 32) % 100000) : "",
        kAsns[(r >> 40) % 6], kRegions[city], kCities[city], ((r >> 44) % 2) ? "517311" : "0",
        ((r >> 30) % 3) ? "rdns" : "",
        ((r >> 45) % 4) ? "" : "Communications, Service Provider, and Hosting Service",
        ((r >> 46) % 5) ? 200 : 401, ((r >> 46) % 5) ? "OK" : "Unauthorized",
        ((r >> 46) % 5) ? 200 : 401, ((r >> 46) % 5) ? "OK" : "Unauthorized", server,
        100 + (r >> 50) % 5000, h, m, s);
    std::fwrite(line.data(), 1, line.size(), f);
  }
  if (std::fclose(f) != 0) return Fail(Error::Io(fmt::format("cannot write {}", path)));
  return Ok();
}

int RunBenchIngest(const Config& base_config, const BenchOptions& opt, const std::string&) {
  namespace fs = std::filesystem;
  std::string dir = opt.dir;
  if (dir.empty()) {
    char tmpl[] = "/tmp/belfry-bench-XXXXXX";
    if (!mkdtemp(tmpl)) {
      fmt::print(stderr, "bench: cannot create a temporary directory\n");
      return 1;
    }
    dir = tmpl;
  }
  fs::create_directories(dir);
  std::string csv = dir + "/2026-11-21-scan_http-belgium-asn.csv";
  fmt::print(stderr, "bench: writing {} rows to {}\n", opt.rows, csv);
  if (auto s = WriteSampleScanReport(csv, opt.rows); !s) {
    fmt::print(stderr, "bench: {}\n", s.error().message());
    return 1;
  }
  const double mb = static_cast<double>(fs::file_size(csv)) / 1e6;

  Config config = base_config;
  auto schema = ShadowserverSchemaSource::Create(config.shadowserver_schema);
  if (!schema) {
    fmt::print(stderr, "bench: {}\n", schema.error().message());
    return 1;
  }
  SystemClock clock;

  // 1. Parse only (one core): tokenize, map, validate, build events.
  double parse_seconds = 0;
  uint64_t parsed_events = 0;
  {
    auto feed = MakeFeed(config, "shadowserver", "", *schema);
    ReportInfo info = feed->info;
    info.file_name = fs::path(csv).filename().string();
    info.observed_micros = clock.NowMicros();
    auto t0 = std::chrono::steady_clock::now();
    (void)feed->parser->Begin(info);
    // Events are recycled between windows, as the pipeline recycles them between stages.
    std::vector<Event> spare;
    ReportReadOptions options;
    options.prepare = [&](ParseOutput& out) { out.spare = std::move(spare); };
    auto read = ReadReport(
        csv, feed->parser.get(),
        [&](ParseOutput& out, size_t) {
          parsed_events += out.events.size();
          spare = std::move(out.events);
          return true;
        },
        options);
    if (!read) {
      fmt::print(stderr, "bench: {}\n", read.error().message());
      return 1;
    }
    parse_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }

  // 2. End to end into a fresh SQLite store.
  std::string db_path = dir + "/bench.db";
  for (const char* ext : {"", "-wal", "-shm"}) fs::remove(db_path + ext);
  IngestSummary summary;
  {
    auto store = SqliteEventStore::Open(db_path, config.store.max_segments);
    if (!store) {
      fmt::print(stderr, "bench: {}\n", store.error().message());
      return 1;
    }
    auto feed = MakeFeed(config, "shadowserver", "", *schema);
    IngestPipeline pipeline(config.ingest_options(), clock, store->get());
    IngestRequest req;
    req.files = {csv};
    req.feed = feed->info;
    req.dead_letter_path = dir + "/dead-letters.jsonl";
    auto r = pipeline.Run(req, feed->parser.get());
    if (!r) {
      fmt::print(stderr, "bench: {}\n", r.error().message());
      return 1;
    }
    summary = *r;
  }
  long rss_kb = PeakRssKb();

  // 2b. The same with every enrichment stage on.
  IngestSummary enriched;
  double index_seconds = 0;
  size_t index_networks = 0;
  if (opt.enrich) {
    std::string edb = dir + "/bench-enriched.db";
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(edb + ext);
    auto cstore = SqliteConstituencyStore::Open(edb);
    if (!cstore) {
      fmt::print(stderr, "bench: {}\n", cstore.error().message());
      return 1;
    }
    fmt::print(stderr, "bench: writing a constituency of {} networks\n", opt.networks);
    if (auto st = WriteBenchConstituency(cstore->get(), opt.networks); !st) {
      fmt::print(stderr, "bench: {}\n", st.error().message());
      return 1;
    }
    Config econfig = config;
    econfig.constituency.countries = {"BE"};
    ConstituencyHolder holder(cstore->get(), econfig.constituency);
    auto t0 = std::chrono::steady_clock::now();
    if (auto loaded = holder.Refresh(); !loaded) {
      fmt::print(stderr, "bench: {}\n", loaded.error().message());
      return 1;
    }
    index_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    index_networks = holder.Current()->networks();
    auto geo = GeoExpert::Open(opt.mmdb);
    if (!geo) {
      fmt::print(stderr, "bench: {}\n", geo.error().message());
      return 1;
    }
    auto store = SqliteEventStore::Open(edb, config.store.max_segments);
    if (!store) {
      fmt::print(stderr, "bench: {}\n", store.error().message());
      return 1;
    }
    auto feed = MakeFeed(config, "shadowserver", "", *schema);
    IngestPipeline pipeline(econfig.ingest_options(), clock, store->get());
    EnrichmentStages stages;
    stages.geo = geo->empty() ? nullptr : &*geo;
    stages.constituency = &holder;
    pipeline.SetEnrichment(stages);
    IngestRequest req;
    req.files = {csv};
    req.feed = feed->info;
    req.dead_letter_path = dir + "/dead-letters-enriched.jsonl";
    auto r = pipeline.Run(req, feed->parser.get());
    if (!r) {
      fmt::print(stderr, "bench: {}\n", r.error().message());
      return 1;
    }
    enriched = *r;
  }

  // 3. Baseline: minimal Python loader on the same file.
  ChildResult py;
  if (opt.baseline) {
    std::string script = dir + "/baseline.py";
    std::ofstream(script) << kPythonBaseline;
    std::string py_db = dir + "/baseline.db";
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(py_db + ext);
    py = RunPythonBaseline(script, csv, py_db);
    if (!py.ok)
      fmt::print(stderr, "bench: the Python baseline did not run (is python3 installed?)\n");
  }

  double eps = summary.stored / summary.seconds;
  const double enriched_eps = opt.enrich ? enriched.stored / enriched.seconds : 0.0;
  double parse_rate = parsed_events / parse_seconds;
  double py_rate = py.ok ? py.rows / py.seconds : 0;
  if (opt.json) {
    fmt::print(
        "{{\"rows\": {}, \"file_mb\": {:.1f}, \"parse_only_rows_per_s\": {:.0f}, "
        "\"ingest_seconds\": {:.3f}, "
        "\"ingest_events_per_s\": {:.0f}, \"stored\": {}, \"duplicates\": {}, \"rejected\": {}, "
        "\"peak_rss_mb\": {:.1f}, \"baseline_rows_per_s\": {:.0f}, \"ratio_vs_baseline\": "
        "{:.2f}, \"enriched_events_per_s\": {:.0f}, \"enriched_ratio\": {:.2f}, "
        "\"constituency_networks\": {}, \"index_build_seconds\": {:.2f}, \"mmdb_files\": {}}}\n",
        opt.rows, mb, parse_rate, summary.seconds, eps, summary.stored, summary.duplicates,
        summary.rejected, rss_kb / 1024.0, py_rate, py.ok ? eps / py_rate : 0.0, enriched_eps,
        opt.enrich ? enriched_eps / eps : 0.0, index_networks, index_seconds, opt.mmdb.size());
  } else {
    fmt::print("belfry bench ingest: {} rows, {:.1f} MB Shadowserver scan_http report\n", opt.rows,
               mb);
    fmt::print("  parse only (1 thread)     {:>12.0f} rows/s   ({:.3f} s)\n", parse_rate,
               parse_seconds);
    fmt::print(
        "  ingest end to end         {:>12.0f} events/s ({:.3f} s; {} stored, {} duplicates, {} "
        "rejected)\n",
        eps, summary.seconds, summary.stored, summary.duplicates, summary.rejected);
    if (opt.enrich) {
      fmt::print(
          "  ingest, all enrichment    {:>12.0f} events/s ({:.3f} s; {:.2f}x of plain ingest; "
          "{} networks indexed in {:.2f} s, {} MaxMind files)\n",
          enriched_eps, enriched.seconds, enriched_eps / eps, index_networks, index_seconds,
          opt.mmdb.size());
    }
    fmt::print("  peak memory (VmHWM)       {:>12.1f} MB\n", rss_kb / 1024.0);
    if (py.ok)
      fmt::print(
          "  baseline python loader    {:>12.0f} rows/s   ({:.3f} s, peak {:.1f} MB)\n  ratio "
          "ingest/baseline     {:>12.2f}x\n",
          py_rate, py.seconds, py.max_rss_kb / 1024.0, eps / py_rate);
  }
  if (!opt.keep && opt.dir.empty()) fs::remove_all(dir);
  return 0;
}

}  // namespace belfry
