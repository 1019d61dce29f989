#include "bench/cli/bench_constituency.h"

#include <fmt/format.h>
#include <sys/resource.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "bench/cli/process.h"
#include "constituency/constituency_index.h"
#include "constituency/ripe_importer.h"
#include "store/backends/sqlite/sqlite_constituency_store.h"

namespace belfry {
namespace {

namespace fs = std::filesystem;

// The smallest honest RPSL importer in Python: split objects on blank lines, keep the classes
// and attributes Belfry keeps, executemany into SQLite. What a script around the RIPE dumps
// (e.g. certbund-contact's ripe_import) does, without its diffing.
constexpr const char* kPythonRipeBaseline = R"PY(
import gzip, sqlite3, sys, time
src, db = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
con = sqlite3.connect(db)
con.execute("PRAGMA journal_mode=WAL")
con.execute("CREATE TABLE nets (cls, key, org, country, abuse_c, irt, name)")
con.execute("CREATE TABLE other (cls, key, a, b)")
keep = {"inetnum", "inet6num", "route", "route6", "aut-num"}
nets, other, n = [], [], 0
def flush():
    con.executemany("INSERT INTO nets VALUES (?,?,?,?,?,?,?)", nets); nets.clear()
    con.executemany("INSERT INTO other VALUES (?,?,?,?)", other); other.clear()
def emit(obj):
    global n
    if not obj: return
    n += 1
    cls, key = obj[0]
    d = {}
    for k, v in obj[1:]:
        d.setdefault(k, v)
    if cls in keep:
        nets.append((cls, key, d.get("org"), d.get("country"), d.get("abuse-c"), d.get("mnt-irt"),
                     d.get("netname") or d.get("as-name") or d.get("origin")))
    elif cls in ("organisation", "role", "irt"):
        other.append((cls, key, d.get("abuse-mailbox") or d.get("org-name"), d.get("abuse-c")))
    if len(nets) + len(other) >= 10000: flush()
obj = []
with gzip.open(src, "rt", encoding="utf-8", errors="replace") as fh:
    for line in fh:
        if line[0] in "%#": continue
        line = line.rstrip("\n")
        if not line.strip():
            emit(obj); obj = []; continue
        if line[0] in " \t+":
            if obj: obj[-1] = (obj[-1][0], obj[-1][1] + " " + line[1:].strip())
            continue
        k, _, v = line.partition(":")
        obj.append((k.lower(), v.split("#", 1)[0].strip()))
emit(obj); flush()
con.commit(); con.close()
print(n, time.perf_counter() - t0)
)PY";

std::string V4(uint32_t a) {
  return fmt::format("{}.{}.{}.{}", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
}

}  // namespace

Status WriteSyntheticRipeDump(const std::string& path, uint64_t objects) {
  gzFile out = gzopen(path.c_str(), "wb1");
  if (!out) return Fail(Error::Io(fmt::format("cannot write {}", path)));
  gzbuffer(out, 1 << 20);
  std::mt19937_64 rng(7);
  std::string buf;
  buf.reserve(1 << 22);
  auto flush = [&]() -> Status {
    if (gzwrite(out, buf.data(), static_cast<unsigned>(buf.size())) != static_cast<int>(buf.size()))
      return Fail(Error::Io(fmt::format("cannot write {}", path)));
    buf.clear();
    return Ok();
  };
  buf += "% This is a generated dump in the layout of the RIPE Database split files.\n\n";
  const uint64_t orgs = std::max<uint64_t>(1, objects / 50);
  for (uint64_t i = 0; i < objects; ++i) {
    const uint64_t r = rng();
    const uint64_t kind = i % 100;
    const uint64_t org = r % orgs;
    if (kind < 2) {  // organisation
      fmt::format_to(std::back_inserter(buf),
                     "organisation:   ORG-G{}-RIPE\norg-name:       Generated Organisation {}\n"
                     "org-type:       OTHER\ncountry:        {}\nabuse-c:        AR{}-RIPE\n"
                     "mnt-ref:        GEN-MNT\nmnt-by:         GEN-MNT\ncreated:        "
                     "2015-03-02T10:11:12Z\nlast-modified:  2024-06-01T08:00:00Z\n"
                     "source:         RIPE # Filtered\n\n",
                     i / 50, i / 50, (r >> 40) % 3 ? "BE" : "NL", i / 50);
    } else if (kind < 4) {  // role with abuse-mailbox
      fmt::format_to(std::back_inserter(buf),
                     "role:           Abuse team {}\naddress:        Example street {}\n"
                     "nic-hdl:        AR{}-RIPE\nabuse-mailbox:  abuse{}@isp{}.example\n"
                     "mnt-by:         GEN-MNT\ncreated:        2015-03-02T10:11:12Z\n"
                     "last-modified:  2024-06-01T08:00:00Z\nsource:         RIPE # Filtered\n\n",
                     i / 50, i, i / 50, i / 50, (i / 50) % 977);
    } else if (kind < 5) {  // aut-num
      fmt::format_to(std::back_inserter(buf),
                     "aut-num:        AS{}\nas-name:        GEN-AS-{}\norg:            "
                     "ORG-G{}-RIPE\nimport:         from AS64496 accept ANY\n"
                     "export:         to AS64496 announce AS{}\nadmin-c:        DUMY-RIPE\n"
                     "tech-c:         DUMY-RIPE\nstatus:         ASSIGNED\nmnt-by:         "
                     "GEN-MNT\nsource:         RIPE # Filtered\n\n",
                     100000 + i, i, org, 100000 + i);
    } else if (kind < 12) {  // route
      const uint32_t a = static_cast<uint32_t>((r >> 8) & 0xffffff00u) | 0x01000000u;
      fmt::format_to(std::back_inserter(buf),
                     "route:          {}/24\ndescr:          Generated route\norigin:         "
                     "AS{}\nmnt-by:         GEN-MNT\ncreated:        2019-01-01T00:00:00Z\n"
                     "source:         RIPE\n\n",
                     V4(a), 100000 + org);
    } else if (kind < 14) {  // route6
      fmt::format_to(std::back_inserter(buf),
                     "route6:         2001:db8:{:x}::/48\norigin:         AS{}\n"
                     "mnt-by:         GEN-MNT\nsource:         RIPE\n\n",
                     (r >> 16) & 0xffff, 100000 + org);
    } else if (kind < 16) {  // classes the importer skips
      fmt::format_to(std::back_inserter(buf),
                     "mntner:         GEN{}-MNT\ndescr:          Generated maintainer\n"
                     "admin-c:        DUMY-RIPE\nupd-to:         noc@example.net\n"
                     "auth:           PGPKEY-1234ABCD\nmnt-by:         GEN{}-MNT\n"
                     "source:         RIPE # Filtered\n\n",
                     i, i);
    } else if (kind < 38) {  // inet6num
      fmt::format_to(std::back_inserter(buf),
                     "inet6num:       2001:db8:{:x}:{:x}::/{}\nnetname:        GEN-V6-{}\n"
                     "descr:          Generated IPv6 assignment\ncountry:        BE\n"
                     "org:            ORG-G{}-RIPE\nadmin-c:        DUMY-RIPE\n"
                     "tech-c:         DUMY-RIPE\nstatus:         ASSIGNED\nmnt-by:         "
                     "GEN-MNT\ncreated:        2020-01-01T00:00:00Z\nlast-modified:  "
                     "2024-01-01T00:00:00Z\nsource:         RIPE # Filtered\n\n",
                     (r >> 16) & 0xffff, (r >> 32) & 0xffff, ((r >> 48) % 2) ? 48 : 56, i, org);
    } else {  // inetnum: nested allocations and assignments, some ranges not one CIDR
      const int len = 20 + static_cast<int>((r >> 56) % 12);
      uint32_t first = static_cast<uint32_t>((r >> 8) & ~((1ull << (32 - len)) - 1)) | 0x01000000u;
      uint32_t last = first + static_cast<uint32_t>((1ull << (32 - len)) - 1);
      if ((r >> 50) % 7 == 0) last = first + static_cast<uint32_t>((r >> 20) % 300);
      fmt::format_to(std::back_inserter(buf),
                     "inetnum:        {} - {}\nnetname:        GEN-NET-{}\n"
                     "descr:          Generated network {}\ncountry:        {}\n{}"
                     "admin-c:        DUMY-RIPE\ntech-c:         DUMY-RIPE\n{}"
                     "status:         ASSIGNED PA\nmnt-by:         GEN-MNT\n"
                     "created:        2018-05-05T05:05:05Z\nlast-modified:  2024-02-02T02:02:02Z\n"
                     "source:         RIPE # Filtered\n\n",
                     V4(first), V4(last), i, i, (r >> 40) % 3 ? "BE" : "NL",
                     (r >> 44) % 3 ? fmt::format("org:            ORG-G{}-RIPE\n", org) : "",
                     (r >> 46) % 4 ? "" : fmt::format("abuse-c:        AR{}-RIPE\n", org));
    }
    if (buf.size() > (3u << 20)) BELFRY_RETURN_IF_ERROR(flush());
  }
  BELFRY_RETURN_IF_ERROR(flush());
  if (gzclose(out) != Z_OK) return Fail(Error::Io(fmt::format("cannot write {}", path)));
  return Ok();
}

Status WriteBenchConstituency(ConstituencyStore* store, uint64_t networks) {
  BELFRY_RETURN_IF_ERROR(store->Begin());
  std::mt19937_64 rng(11);
  const uint64_t orgs = std::max<uint64_t>(1, networks / 20);
  OrganisationRecord org;
  org.origin = "bench";
  for (uint64_t i = 0; i < orgs; ++i) {
    org.handle = fmt::format("ORG-B{}", i);
    org.name = fmt::format("Benchmark organisation {}", i);
    org.country = i % 3 ? "BE" : "NL";
    BELFRY_RETURN_IF_ERROR(store->PutOrganisation(org));
  }
  NetworkRecord n;
  n.origin = "bench";
  n.source_class = "inetnum";
  static const int kLengths[] = {24, 24, 24, 24, 24, 24, 23, 22, 22, 21, 20, 19, 18, 16};
  for (uint64_t i = 0; i < networks; ++i) {
    const uint64_t r = rng();
    const int len = kLengths[r % 14];
    const uint32_t first =
        static_cast<uint32_t>(((r >> 8) % (222u << 24)) + (1u << 24)) & ~((1u << (32 - len)) - 1);
    auto a = IpAddress::Parse(V4(first));
    auto b = IpAddress::Parse(V4(first | ((1u << (32 - len)) - 1)));
    n.first = *a;
    n.last = *b;
    n.key = fmt::format("{}/{}", V4(first), len);
    n.org = fmt::format("ORG-B{}", (r >> 40) % orgs);
    n.country = (r >> 40) % orgs % 3 ? "BE" : "NL";
    n.abuse_email = (r >> 50) % 4 ? "" : fmt::format("abuse@net{}.example", i);
    BELFRY_RETURN_IF_ERROR(store->PutNetwork(n));
  }
  // The documentation ranges the generated reports use: nested constituents with contacts.
  for (const char* net : {"192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "198.51.100.0/25"}) {
    auto range = IpNetwork::Parse(net);
    n.first = range->first();
    n.last = range->last();
    n.key = net;
    n.org = "ORG-B1";
    n.country = "BE";
    n.abuse_email = fmt::format("abuse-{}@example.be", net);
    BELFRY_RETURN_IF_ERROR(store->PutNetwork(n));
  }
  return store->Commit();
}

int RunBenchRipeImport(const Config& config, const RipeBenchOptions& opt) {
  std::string dir = opt.dir;
  const bool temp = dir.empty();
  if (temp) {
    char tmpl[] = "/tmp/belfry-bench-ripe-XXXXXX";
    if (!mkdtemp(tmpl)) {
      fmt::print(stderr, "bench: cannot create a temporary directory\n");
      return 1;
    }
    dir = tmpl;
  }
  fs::create_directories(dir);
  const std::string dump = dir + fmt::format("/ripe.db.generated-{}.gz", opt.objects);
  if (!fs::exists(dump)) {
    fmt::print(stderr, "bench: writing a {}-object RPSL dump to {}\n", opt.objects, dump);
    if (auto s = WriteSyntheticRipeDump(dump + ".tmp", opt.objects); !s) {
      fmt::print(stderr, "bench: {}\n", s.error().message());
      return 1;
    }
    fs::rename(dump + ".tmp", dump);
  }
  const std::string db = dir + "/bench-ripe.db";
  for (const char* ext : {"", "-wal", "-shm"}) fs::remove(db + ext);
  auto store = SqliteConstituencyStore::Open(db);
  if (!store) {
    fmt::print(stderr, "bench: {}\n", store.error().message());
    return 1;
  }
  uint64_t errors = 0;
  RipeImporter importer(store->get(), [&](const RipeImportError&) { ++errors; });
  auto t0 = std::chrono::steady_clock::now();
  auto stats = importer.Import({dump});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!stats) {
    fmt::print(stderr, "bench: {}\n", stats.error().message());
    return 1;
  }
  // Second import of the same dump: every object replaced in place.
  t0 = std::chrono::steady_clock::now();
  auto again = importer.Import({dump});
  const double reimport =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!again) {
    fmt::print(stderr, "bench: {}\n", again.error().message());
    return 1;
  }
  // The index the router builds from it.
  t0 = std::chrono::steady_clock::now();
  auto index = ConstituencyIndex::Build(store->get(), config.constituency);
  const double build = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!index) {
    fmt::print(stderr, "bench: {}\n", index.error().message());
    return 1;
  }
  const long rss_kb = PeakRssKb();

  // Baseline on a slice.
  double py_rate = 0, our_slice_rate = 0;
  if (opt.baseline_objects > 0) {
    const std::string slice = dir + fmt::format("/ripe.db.generated-{}.gz", opt.baseline_objects);
    if (!fs::exists(slice)) (void)WriteSyntheticRipeDump(slice, opt.baseline_objects);
    const std::string script = dir + "/ripe_baseline.py";
    std::ofstream(script) << kPythonRipeBaseline;
    const std::string py_db = dir + "/ripe-baseline.db";
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(py_db + ext);
    auto py = RunProcess({"python3", script, slice, py_db});
    uint64_t n = 0;
    double s = 0;
    if (!py)
      fmt::print(stderr, "bench: the Python baseline did not run: {}\n", py.error().message());
    else if (std::sscanf(py->out.c_str(), "%lu %lf", &n, &s) == 2 && s > 0)
      py_rate = n / s;
    const std::string slice_db = dir + "/bench-ripe-slice.db";
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(slice_db + ext);
    auto slice_store = SqliteConstituencyStore::Open(slice_db);
    if (slice_store) {
      RipeImporter slice_importer(slice_store->get(), [](const RipeImportError&) {});
      auto t1 = std::chrono::steady_clock::now();
      auto st = slice_importer.Import({slice});
      const double ss =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
      if (st) our_slice_rate = st->objects / ss;
    }
  }
  const double rate = stats->objects / seconds;
  if (opt.json) {
    fmt::print(
        "{{\"objects\": {}, \"imported\": {}, \"rejected\": {}, \"dump_mb\": {:.1f}, "
        "\"import_seconds\": {:.2f}, \"objects_per_s\": {:.0f}, \"reimport_seconds\": {:.2f}, "
        "\"index_build_seconds\": {:.2f}, \"index_networks\": {}, \"peak_rss_mb\": {:.0f}, "
        "\"baseline_objects\": {}, \"baseline_objects_per_s\": {:.0f}, "
        "\"slice_objects_per_s\": {:.0f}, \"ratio_vs_baseline\": {:.2f}}}\n",
        stats->objects, stats->imported, stats->rejected, fs::file_size(dump) / 1048576.0, seconds,
        rate, reimport, build, (*index)->networks(), rss_kb / 1024.0, opt.baseline_objects, py_rate,
        our_slice_rate, py_rate > 0 ? our_slice_rate / py_rate : 0.0);
  } else {
    fmt::print("belfry bench ripe-import: {} objects ({:.0f} MB gzip)\n", stats->objects,
               fs::file_size(dump) / 1048576.0);
    fmt::print(
        "  import                    {:>10.2f} s  ({:.0f} objects/s, {} imported, {} rejected)\n",
        seconds, rate, stats->imported, stats->rejected);
    fmt::print("  re-import (replace)       {:>10.2f} s\n", reimport);
    fmt::print("  index build               {:>10.2f} s  ({} networks)\n", build,
               (*index)->networks());
    fmt::print("  peak memory (VmHWM)       {:>10.0f} MB\n", rss_kb / 1024.0);
    if (py_rate > 0)
      fmt::print(
          "  on {} objects: belfry {:.0f} objects/s, python baseline {:.0f} objects/s, "
          "ratio {:.2f}x\n",
          opt.baseline_objects, our_slice_rate, py_rate, our_slice_rate / py_rate);
  }
  if (temp) fs::remove_all(dir);
  return 0;
}

}  // namespace belfry
