#include "bench/cli/bench_publish.h"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "bench/cli/process.h"
#include "core/date_time.h"
#include "core/json_object.h"
#include "publish/advisory_source.h"
#include "store/backends/sqlite/sqlite_ticket_store.h"

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
