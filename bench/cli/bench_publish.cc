#include "bench/cli/bench_publish.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "bench/cli/process.h"
#include "core/date_time.h"
#include "core/json_object.h"
#include "publish/advisory_source.h"
#include "store/backends/sqlite/sqlite_ticket_store.h"
#include "vuln/product.h"

namespace belfry {
namespace {

namespace fs = std::filesystem;

constexpr const char* kLangs[] = {"en", "nl", "fr", "de"};

std::string BenchSource(uint64_t i, const std::string& lang, const std::string& audience) {
  return fmt::format(
      "+++\ntitle = \"Vulnerability {0} in Example Product {1}\"\naudience = \"{2}\"\n"
      "lang = \"{3}\"\ntlp = \"CLEAR\"\nseverity = \"high\"\ncves = [\"CVE-2026-{4}\"]\n"
      "cvss = [\"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:N\"]\n"
      "references = [\"https://psirt.example.com/advisories/{0}\"]\n"
      "[[products]]\nvendor = \"Example Vendor {5}\"\nproduct = \"Example Product {1}\"\n"
      "versions = \"< {6}.2.0\"\nfixed = \"{6}.2.0\"\n+++\n"
      "A remote attacker can take over Example Product {1} through a crafted request.\n\n"
      "## What to do\n\nUpdate to version {6}.2.0 or later. Restrict access to the "
      "management interface to trusted networks.\n",
      i, i % 500, audience, lang, 10000 + i, i % 40, 1 + i % 9);
}

Status Generate(const std::string& db, uint64_t n) {
  auto store = SqliteTicketStore::Open(db);
  if (!store) return Fail(store.error());
  BELFRY_RETURN_IF_ERROR((*store)->Begin());
  const int64_t start = 1767225600;  // 2026-01-01
  for (uint64_t i = 0; i < n; ++i) {
    Advisory a;
    const std::string lang = kLangs[i % 4];
    const std::string audience = i % 10 == 0 ? "citizen" : "pro";
    a.source = BenchSource(i, lang, audience);
    auto src = ParseAdvisorySource(a.source, "bench");
    if (!src) return Fail(src.error());
    a.title = src->title;
    a.audience = audience;
    a.kind = "advisory";
    a.lang = lang;
    a.severity = "high";
    a.status = AdvisoryStatus::kPublished;
    a.author = "bench";
    a.created = a.updated = a.published = start + static_cast<int64_t>(i) * 2400;
    a.revisions.push_back({1, a.published, "Initial release", "bench"});
    auto id = (*store)->AddAdvisory(a);
    if (!id) return Fail(id.error());
    a.id = *id;
    a.tracking_id = fmt::format("BELFRY-2026-{:05}", *id);
    BELFRY_RETURN_IF_ERROR((*store)->UpdateAdvisory(a));
  }
  return (*store)->Commit();
}

}  // namespace

int RunBenchMatch(const BenchMatchOptions& o) {
  const std::string dir =
      (fs::temp_directory_path() / fmt::format("belfry-bench-match-{}", getpid())).string();
  fs::create_directories(dir);
  const std::string db = dir + "/belfry.db";
  const std::string config = dir + "/belfry.toml";
  std::ofstream(config) << fmt::format("[store]\nurl = \"sqlite://{}\"\n[publish]\nsite_dir = \"{}/site\"\n", db, dir);
  {
    // N products of 2,000 organisations; one in five is the advisory's product, at versions
    // 1.0.0 to 9.9.9 (about half of them in the affected range).
    auto store = SqliteTicketStore::Open(db);
    if (!store) return Report(store.error());
    std::vector<ConstituentProduct> products;
    for (uint64_t i = 0; i < o.products; ++i) {
      ConstituentProduct p;
      p.organisation = fmt::format("ORG-{:04}", i % 2000);
      const bool target = i % 5 == 0;
      p.vendor = target ? "Example Networks" : fmt::format("Vendor {}", i % 300);
      p.product = target ? "Example VPN" : fmt::format("Product {}", i % 1000);
      p.version = fmt::format("{}.{}.{}", 1 + i % 9, (i / 9) % 10, (i / 90) % 10);
      p.source = "declared";
      products.push_back(std::move(p));
    }
    if (auto n = (*store)->UpsertProducts(products); !n) return Report(n.error());
  }
  const std::string self = SelfPath();
  auto run = [&](std::vector<std::string> args) -> Result<ProcessResult> {
    std::vector<std::string> argv = {self, "--config", config};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProcess(argv);
  };
  std::ofstream(dir + "/a.md") << "+++\ntitle = \"Example VPN\"\n[[products]]\nvendor = \"Example "
                                  "Networks\"\nproduct = \"Example VPN\"\nversions = \">= 2.0 < 6.4.2\"\n"
                                  "+++\nPatch.\n";
  auto created = run({"advisory", "new", dir + "/a.md"});
  if (!created) return Report(created.error());
  const std::string id = created->out.substr(0, created->out.find('\n'));
  std::vector<double> match, baseline;
  size_t lines = 0;
  for (int r = 0; r < o.runs; ++r) {
    auto m = run({"advisory", "match", id, "--json"});
    if (!m) return Report(m.error());
    match.push_back(m->wall_seconds);
    lines = static_cast<size_t>(std::count(m->out.begin(), m->out.end(), '\n'));
    auto b = RunProcess({"sqlite3", db,
                         "SELECT organisation, version FROM products WHERE vendor_key = 'example "
                         "networks' AND product_key = 'example vpn'"});
    if (!b) return Report(b.error());
    baseline.push_back(b->wall_seconds);
  }
  if (o.json) {
    fmt::print("{}\n", JsonObject()
                           .Int("products", static_cast<int64_t>(o.products))
                           .Int("organisations_matched", static_cast<int64_t>(lines))
                           .Raw("advisory match", fmt::format("{:.4f}", Median(match)))
                           .Raw("baseline: sqlite3 candidate rows", fmt::format("{:.4f}", Median(baseline)))
                           .Done());
  } else {
    fmt::print("{} constituent products, {} organisations matched, median of {} runs (whole processes):\n",
               o.products, lines, o.runs);
    fmt::print("  {:<52} {:8.1f} ms\n", "belfry advisory match ID", Median(match) * 1000);
    fmt::print("  {:<52} {:8.1f} ms\n", "baseline: sqlite3 (the candidate rows only)", Median(baseline) * 1000);
  }
  fs::remove_all(dir);
  return kExitOk;
}

int RunBenchPublish(const BenchPublishOptions& o) {
  std::string dir = o.dir;
  if (dir.empty())
    dir = (fs::temp_directory_path() / fmt::format("belfry-bench-publish-{}", getpid())).string();
  fs::create_directories(dir);
  const std::string db = dir + "/belfry.db";
  const std::string config = dir + "/belfry.toml";
  std::ofstream(config) << fmt::format("[store]\nurl = \"sqlite://{}\"\n[publish]\nsite_dir = \"{}/site\"\n", db, dir);
  if (!fs::exists(db)) {
    fmt::print(stderr, "generating {} published advisories in {} ...\n", o.advisories, db);
    if (auto s = Generate(db, o.advisories); !s) return Report(s.error());
  }
  const std::string self = SelfPath();
  auto run = [&](std::vector<std::string> args) -> Result<ProcessResult> {
    std::vector<std::string> argv = {self, "--config", config};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProcess(argv);
  };
  auto first = run({"advisory", "site"});  // the site exists before the first publication
  if (!first) return Report(first.error());
  std::vector<double> publish, rebuild;
  const std::string draft = dir + "/new.md";
  for (int r = 0; r < o.runs; ++r) {
    std::ofstream(draft) << BenchSource(o.advisories + static_cast<uint64_t>(r), "en", "pro");
    auto created = run({"advisory", "new", draft});
    if (!created) return Report(created.error());
    std::string id = created->out.substr(0, created->out.find('\n'));
    auto p = run({"advisory", "publish", id});  // alternating with the full rebuild
    if (!p) return Report(p.error());
    publish.push_back(p->wall_seconds);
    auto b = run({"advisory", "site"});
    if (!b) return Report(b.error());
    rebuild.push_back(b->wall_seconds);
  }
  if (o.json) {
    fmt::print("{}\n", JsonObject()
                           .Int("advisories", static_cast<int64_t>(o.advisories))
                           .Raw("advisory publish", fmt::format("{:.4f}", Median(publish)))
                           .Raw("baseline: advisory site (full rebuild)", fmt::format("{:.4f}", Median(rebuild)))
                           .Done());
  } else {
    fmt::print("{} published advisories stored, median of {} alternating runs (whole processes):\n",
               o.advisories, o.runs);
    fmt::print("  {:<52} {:8.1f} ms\n", "belfry advisory publish ID (one advisory)", Median(publish) * 1000);
    fmt::print("  {:<52} {:8.1f} ms\n", "baseline: belfry advisory site (full rebuild)", Median(rebuild) * 1000);
  }
  if (o.dir.empty()) fs::remove_all(dir);
  return kExitOk;
}

}  // namespace belfry
