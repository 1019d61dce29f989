#include "collect/maildir_source.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "collect/feed_config.h"
#include "collect/mail_delivery.h"

namespace belfry {
namespace fs = std::filesystem;
namespace {

Status MoveToFolder(const fs::path& root, const std::string& folder, const fs::path& mail) {
  fs::path dir = root / ("." + folder);
  std::error_code ec;
  for (const char* sub : {"cur", "new", "tmp"}) fs::create_directories(dir / sub, ec);
  if (ec) return Fail(Error::Io(fmt::format("cannot create {}: {}", dir.string(), ec.message())));
  std::string name = mail.filename().string();
  // Seen, in Maildir's flag syntax: the mail was read by a program.
  if (name.find(":2,") == std::string::npos) name += ":2,S";
  fs::rename(mail, dir / "cur" / name, ec);
  if (ec)
    return Fail(Error::Io(
        fmt::format("cannot move {} to {}: {}", mail.string(), dir.string(), ec.message())));
  return Ok();
}

}  // namespace

Status MaildirSource::Collect(SourceContext& ctx, const DeliveryHandler& handle) {
  const SourceConfig& s = ctx.feed.source;
  fs::path root = s.location;
  std::error_code ec;
  if (!fs::is_directory(root / "new", ec) || !fs::is_directory(root / "cur", ec))
    return Fail(Error::Io(
        fmt::format("{} is not a Maildir (it needs new/ and cur/ folders)", root.string())));
  std::vector<fs::path> mails;
  for (const char* sub : {"new", "cur"}) {
    for (const auto& entry : fs::directory_iterator(root / sub, ec))
      if (entry.is_regular_file() && entry.path().filename().string()[0] != '.')
        mails.push_back(entry.path());
    if (ec)
      return Fail(
          Error::Io(fmt::format("cannot read {}/{}: {}", root.string(), sub, ec.message())));
  }
  // Maildir names start with the delivery time: sorting by name is oldest first.
  std::sort(mails.begin(), mails.end(),
            [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
  for (const auto& path : mails) {
    if (ctx.stopping()) break;
    if (fs::file_size(path, ec) > s.max_bytes + (s.max_bytes / 2)) {
      spdlog::warn("feed {}: {} is larger than max_size; moved to .{}", ctx.feed.name,
                   path.string(), s.failed_folder);
      BELFRY_RETURN_IF_ERROR(MoveToFolder(root, s.failed_folder, path));
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) continue;  // taken by another reader meanwhile
    std::stringstream ss;
    ss << in.rdbuf();
    std::string bytes = ss.str();
    auto d = MailDelivery(ctx, bytes, path.string());
    if (!d) continue;
    Verdict v = handle(*d);
    if (v.outcome == Outcome::kKeep) continue;
    BELFRY_RETURN_IF_ERROR(
        MoveToFolder(root, v.outcome == Outcome::kDone ? s.done_folder : s.failed_folder, path));
    if (v.outcome == Outcome::kFailed)
      spdlog::warn("feed {}: {} moved to .{}: {}", ctx.feed.name, d->label, s.failed_folder,
                   v.reason);
  }
  return Ok();
}

SourceKind MaildirSource::Kind() {
  SourceKind k = SourceKind::Prefixed<MaildirSource>("maildir", {"maildir:"}, false,
                                                     "maildir:/path", "every 5m");
  k.check = [](SourceConfig* s) -> std::optional<std::pair<std::string, std::string>> {
    if (s->location.empty())
      return std::make_pair(std::string("source"), std::string("has no path"));
    return std::nullopt;
  };
  return k;
}

}  // namespace belfry
