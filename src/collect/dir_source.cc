#include "collect/dir_source.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "collect/feed_config.h"

namespace belfry {
namespace fs = std::filesystem;
namespace {

bool Ignored(const std::string& name) {
  auto ends = [&](std::string_view s) {
    return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  return name.empty() || name[0] == '.' || ends(".part") || ends(".tmp") || ends("~");
}

// Moves `from` into `dir`, under a new name if one of that name is already there.
Result<fs::path> MoveInto(const fs::path& from, const std::string& dir, int64_t now) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Fail(Error::Io(fmt::format("cannot create {}: {}", dir, ec.message())));
  fs::path to = fs::path(dir) / from.filename();
  if (fs::exists(to)) to = fs::path(dir) / fmt::format("{}.{}", from.filename().string(), now);
  fs::rename(from, to, ec);
  if (ec)
    return Fail(
        Error::Io(fmt::format("cannot move {} to {}: {}", from.string(), dir, ec.message())));
  return to;
}

}  // namespace

Status DirSource::Collect(SourceContext& ctx, const DeliveryHandler& handle) {
  const SourceConfig& s = ctx.feed.source;
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(s.location, ec)) {
    if (!entry.is_regular_file()) continue;
    if (Ignored(entry.path().filename().string())) continue;
    files.push_back(entry.path());
  }
  if (ec)
    return Fail(Error::Io(fmt::format("cannot read folder {}: {}", s.location, ec.message())));
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    if (ctx.stopping()) break;
    Delivery d;
    d.label = path.string();
    std::string name = path.filename().string();
    auto copied = ctx.spool.LinkFrom(ctx.feed.name, name, path.string(), s.max_bytes);
    if (!copied) {
      d.error = copied.error().message();
    } else {
      auto files_in = UnpackReports(ctx.spool, ctx.feed.name, *copied, s.max_bytes);
      if (!files_in)
        d.error = files_in.error().message();
      else
        for (auto& f : *files_in)
          d.reports.push_back(CollectedReport{
              path.string() + (files_in->size() > 1 ? "/" + f.name : ""), std::move(f)});
    }
    Verdict v = handle(d);
    if (v.outcome == Outcome::kKeep) continue;
    const int64_t now = ctx.clock.NowSeconds();
    auto moved = MoveInto(path, v.outcome == Outcome::kDone ? s.done_dir : s.failed_dir, now);
    if (!moved) return Fail(moved.error());
    if (v.outcome == Outcome::kFailed) {
      std::ofstream reason(moved->string() + ".reason");
      reason << v.reason << "\n";
      spdlog::warn("feed {}: {} moved to {}: {}", ctx.feed.name, name, s.failed_dir, v.reason);
    }
  }
  return Ok();
}

SourceKind DirSource::Kind() {
  SourceKind k = SourceKind::Prefixed<DirSource>("dir", {"dir:"}, false, "dir:/path", "every 30s");
  k.check = [](SourceConfig* s) -> std::optional<std::pair<std::string, std::string>> {
    if (s->location.empty())
      return std::make_pair(std::string("source"), std::string("has no path"));
    if (s->done_dir.empty()) s->done_dir = s->location + "/done";
    if (s->failed_dir.empty()) s->failed_dir = s->location + "/failed";
    return std::nullopt;
  };
  return k;
}

}  // namespace belfry
