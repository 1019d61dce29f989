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

#include "app/feed_factory.h"
#include "bench/cli/bench_constituency.h"
#include "bench/cli/process.h"
#include "core/clock.h"
#include "parse/parsers/shadowserver/shadowserver_parser.h"
#include "pipeline/ingest_pipeline.h"
#include "pipeline/report_reader.h"
#include "store/backends/sqlite/sqlite_constituency_store.h"
#include "store/backends/sqlite/sqlite_event_store.h"

namespace belfry {
namespace {

// The simplest loader a user would write: the csv module into one table through
// executemany, one commit, sqlite3's default settings (a rollback journal, no WAL). No
// validation, no index: the floor any real tool has to beat.
constexpr const char* kPythonBaseline = R"PY(
import csv, sqlite3, sys
src, db = sys.argv[1], sys.argv[2]
con = sqlite3.connect(db)
with open(src, newline="") as fh:
    r = csv.reader(fh)
    header = next(r)
    con.execute("CREATE TABLE rows (%s)" % ",".join('"%s"' % h for h in header))
    con.executemany("INSERT INTO rows VALUES (%s)" % ",".join("?" * len(header)), r)
con.commit()
con.close()
)PY";

void RemoveDb(const std::string& path) {
  for (const char* ext : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path + ext);
}

// This program, to run `belfry ingest` as a separate process.
std::string SelfExe(const std::string& argv0) {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? argv0 : p.string();
}

struct SideRuns {
  std::vector<double> wall, cpu;
  long max_rss_kb = 0;
  std::string error;
};

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

int RunBenchIngest(const Config& base_config, const BenchOptions& opt,
                   const std::string& self_exe) {
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

  // 2. Whole processes, as a user runs them, alternating with the baseline on the same file.
  const std::string belfry = SelfExe(self_exe);
  const std::string script = dir + "/baseline.py";
  std::ofstream(script) << kPythonBaseline;
  const std::string db_path = dir + "/bench.db", py_db = dir + "/baseline.db";
  SideRuns ours, theirs;
  IngestSummary summary;
  for (int run = 0; run < std::max(1, opt.runs); ++run) {
    RemoveDb(db_path);
    auto r = RunProcess({belfry, "ingest", "--db", db_path, "--dead-letter",
                         dir + "/dead-letters.jsonl", "--feed", "shadowserver", "--json", csv});
    if (!r) {
      fmt::print(stderr, "bench: belfry ingest: {}\n", r.error().message());
      return 1;
    }
    ours.wall.push_back(r->wall_seconds);
    ours.cpu.push_back(r->cpu_seconds);
    ours.max_rss_kb = std::max(ours.max_rss_kb, r->max_rss_kb);
    unsigned long long stored = 0, dups = 0, rejected = 0;
    const auto at = [&](const char* key) { return r->out.find(key); };
    if (at("\"stored\": ") != std::string::npos)
      std::sscanf(r->out.c_str() + at("\"stored\": ") + 10, "%llu", &stored);
    if (at("\"duplicates\": ") != std::string::npos)
      std::sscanf(r->out.c_str() + at("\"duplicates\": ") + 14, "%llu", &dups);
    if (at("\"rejected\": ") != std::string::npos)
      std::sscanf(r->out.c_str() + at("\"rejected\": ") + 12, "%llu", &rejected);
    summary.stored = stored;
    summary.duplicates = dups;
    summary.rejected = rejected;
    if (!opt.baseline) continue;
    RemoveDb(py_db);
    auto py = RunProcess({"python3", script, csv, py_db});
    if (!py) {
      theirs.error = py.error().message();
      continue;
    }
    theirs.wall.push_back(py->wall_seconds);
    theirs.cpu.push_back(py->cpu_seconds);
    theirs.max_rss_kb = std::max(theirs.max_rss_kb, py->max_rss_kb);
  }
  summary.seconds = Median(ours.wall);
  const double our_cpu = Median(ours.cpu);
  const double py_wall = Median(theirs.wall), py_cpu = Median(theirs.cpu);
  const bool py_ok = !theirs.wall.empty();
  if (opt.baseline && !py_ok)
    fmt::print(stderr, "bench: the Python baseline did not run: {}\n", theirs.error);
  const long rss_kb = ours.max_rss_kb;

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
    if (!r || !r->error.empty()) {
      fmt::print(stderr, "bench: {}\n", r ? r->error : r.error().message());
      return 1;
    }
    enriched = *r;
  }

  const double eps = summary.seconds > 0 ? summary.stored / summary.seconds : 0;
  const double enriched_eps = opt.enrich ? enriched.stored / enriched.seconds : 0.0;
  const double parse_rate = parsed_events / parse_seconds;
  const double py_rate = py_ok ? opt.rows / py_wall : 0;
  const double wall_ratio = py_ok && summary.seconds > 0 ? py_wall / summary.seconds : 0;
  const double cpu_ratio = py_ok && our_cpu > 0 ? py_cpu / our_cpu : 0;
  if (opt.json) {
    fmt::print(
        "{{\"rows\": {}, \"file_mb\": {:.1f}, \"runs\": {}, \"parse_only_rows_per_s\": {:.0f}, "
        "\"ingest_seconds\": {:.3f}, \"ingest_cpu_seconds\": {:.3f}, "
        "\"ingest_events_per_s\": {:.0f}, \"stored\": {}, \"duplicates\": {}, \"rejected\": {}, "
        "\"peak_rss_mb\": {:.1f}, \"baseline_seconds\": {:.3f}, \"baseline_cpu_seconds\": {:.3f}, "
        "\"baseline_rows_per_s\": {:.0f}, \"wall_ratio_vs_baseline\": {:.2f}, "
        "\"cpu_ratio_vs_baseline\": {:.2f}, \"enriched_events_per_s\": {:.0f}, "
        "\"enriched_ratio\": {:.2f}, \"constituency_networks\": {}, "
        "\"index_build_seconds\": {:.2f}, \"mmdb_files\": {}}}\n",
        opt.rows, mb, std::max(1, opt.runs), parse_rate, summary.seconds, our_cpu, eps,
        summary.stored, summary.duplicates, summary.rejected, rss_kb / 1024.0, py_wall, py_cpu,
        py_rate, wall_ratio, cpu_ratio, enriched_eps, opt.enrich ? enriched_eps / eps : 0.0,
        index_networks, index_seconds, opt.mmdb.size());
  } else {
    fmt::print(
        "belfry bench ingest: {} rows, {:.1f} MB Shadowserver scan_http report, median of {} "
        "alternating runs\n",
        opt.rows, mb, std::max(1, opt.runs));
    fmt::print("  parse only (1 thread, in process)  {:>10.0f} rows/s   ({:.3f} s)\n", parse_rate,
               parse_seconds);
    fmt::print(
        "  belfry ingest FILE (process)       {:>10.0f} events/s ({:.3f} s wall, {:.3f} s CPU, "
        "peak {:.0f} MB; {} stored, {} duplicates, {} rejected)\n",
        eps, summary.seconds, our_cpu, rss_kb / 1024.0, summary.stored, summary.duplicates,
        summary.rejected);
    if (py_ok)
      fmt::print(
          "  python3 loader.py FILE (process)   {:>10.0f} rows/s   ({:.3f} s wall, {:.3f} s CPU, "
          "peak {:.0f} MB)\n  belfry vs loader: {:.2f}x faster in wall time, {:.2f}x the loader's "
          "CPU-seconds\n",
          py_rate, py_wall, py_cpu, theirs.max_rss_kb / 1024.0, wall_ratio,
          our_cpu > 0 && py_cpu > 0 ? our_cpu / py_cpu : 0.0);
    if (opt.enrich) {
      fmt::print(
          "  ingest, all enrichment (in process) {:>9.0f} events/s ({:.3f} s; {:.2f}x of plain "
          "ingest; {} networks indexed in {:.2f} s, {} MaxMind files)\n",
          enriched_eps, enriched.seconds, enriched_eps / eps, index_networks, index_seconds,
          opt.mmdb.size());
    }
  }
  if (!opt.keep && opt.dir.empty()) fs::remove_all(dir);
  return 0;
}

}  // namespace belfry
