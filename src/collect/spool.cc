#include "collect/spool.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "core/date_time.h"

namespace belfry {
namespace fs = std::filesystem;

SpoolWriter::SpoolWriter(std::FILE* f, SpooledFile file, uint64_t limit)
    : f_(f), file_(std::move(file)), limit_(limit) {}

SpoolWriter::SpoolWriter(SpoolWriter&& o) noexcept
    : f_(o.f_), file_(std::move(o.file_)), limit_(o.limit_), hash_(std::move(o.hash_)) {
  o.f_ = nullptr;
}

SpoolWriter::~SpoolWriter() {
  if (f_) {
    std::fclose(f_);
    std::error_code ec;
    fs::remove(file_.path + ".part", ec);
  }
}

Status SpoolWriter::Write(std::string_view bytes) {
  if (file_.bytes + bytes.size() > limit_)
    return Fail(Error::InvalidInput(
        fmt::format("{} is larger than the feed's max_size ({} bytes)", file_.name, limit_)));
  if (std::fwrite(bytes.data(), 1, bytes.size(), f_) != bytes.size())
    return Fail(Error::Io(fmt::format("cannot write {}.part", file_.path)));
  hash_.Update(bytes);
  file_.bytes += bytes.size();
  return Ok();
}

Result<SpooledFile> SpoolWriter::Commit() {
  bool ok = std::fflush(f_) == 0 && fsync(fileno(f_)) == 0;
  ok = std::fclose(f_) == 0 && ok;
  f_ = nullptr;
  std::error_code ec;
  if (ok) fs::rename(file_.path + ".part", file_.path, ec);
  if (!ok || ec) {
    fs::remove(file_.path + ".part", ec);
    return Fail(Error::Io(fmt::format("cannot write {}", file_.path)));
  }
  file_.sha256 = hash_.HexDigest();
  return file_;
}

Result<uint64_t> PurgeSpool(const std::string& root, int64_t cutoff_seconds) {
  std::error_code ec;
  if (!fs::exists(root, ec)) return uint64_t{0};
  // Day folders are named in UTC; a folder goes when its whole day is past the cutoff.
  const std::string cutoff_day = FormatIsoUtc(cutoff_seconds * 1000000).substr(0, 10);
  uint64_t removed = 0;
  for (const auto& feed : fs::directory_iterator(root, ec)) {
    if (!feed.is_directory()) continue;
    for (const auto& day : fs::directory_iterator(feed.path(), ec)) {
      std::string name = day.path().filename().string();
      if (!day.is_directory() || name.size() != 10 || name[4] != '-' || name >= cutoff_day)
        continue;
      fs::remove_all(day.path(), ec);
      if (ec)
        return Fail(
            Error::Io(fmt::format("cannot remove {}: {}", day.path().string(), ec.message())));
      ++removed;
    }
  }
  if (ec) return Fail(Error::Io(fmt::format("cannot read {}: {}", root, ec.message())));
  return removed;
}

std::string CleanReportName(std::string_view name, std::string_view fallback) {
  size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string out;
  for (char c : name)
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out.push_back(c);
  if (out.empty() || out == "." || out == "..") out = std::string(fallback);
  if (out.size() > 200) out.resize(200);
  return out;
}

FeedLock& FeedLock::operator=(FeedLock&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) close(fd_);
    fd_ = o.fd_;
    o.fd_ = -1;
  }
  return *this;
}

FeedLock::~FeedLock() {
  if (fd_ >= 0) close(fd_);  // closing releases the flock
}

Result<FeedLock> Spool::TryLockFeed(const std::string& feed) {
  std::error_code ec;
  fs::create_directories(root_, ec);
  if (ec) return Fail(Error::Io(fmt::format("cannot create {}: {}", root_, ec.message())));
  std::string name;
  for (char c : feed) name.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  std::string path = fmt::format("{}/.{}-{}.lock", root_, name, std::hash<std::string>{}(feed));
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Fail(Error::Io(fmt::format("cannot open {}", path)));
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    close(fd);
    return FeedLock();
  }
  return FeedLock(fd);
}

Result<SpooledFile> Spool::NewFile(const std::string& feed, std::string_view name) {
  static std::atomic<uint64_t> counter{0};
  std::string day = FormatIsoUtc(clock_.NowMicros()).substr(0, 10);
  // File names on disk: only characters that are safe everywhere.
  auto safe = [](std::string_view s) {
    std::string out;
    for (char c : s)
      out.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'
                        ? c
                        : '_');
    // Never "", "." or "..": a feed named ".." must not spool outside the spool.
    if (out.empty() || out[0] == '.') out.insert(out.begin(), '_');
    return out;
  };
  fs::path dir = fs::path(root_) / safe(feed) / day;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Fail(Error::Io(fmt::format("cannot create {}: {}", dir.string(), ec.message())));
  SpooledFile file;
  file.name = CleanReportName(name, feed);
  std::string base = fmt::format("{}-{}-{}", clock_.NowMicros(), counter++, safe(file.name));
  file.path = (dir / base).string();
  return file;
}

Result<SpoolWriter> Spool::Create(const std::string& feed, std::string_view name, uint64_t limit) {
  auto file = NewFile(feed, name);
  if (!file) return Fail(file.error());
  std::FILE* f = std::fopen((file->path + ".part").c_str(), "wb");
  if (!f) return Fail(Error::Io(fmt::format("cannot create {}.part", file->path)));
  return SpoolWriter(f, std::move(*file), limit);
}

Result<SpooledFile> Spool::LinkFrom(const std::string& feed, std::string_view name,
                                    const std::string& path, uint64_t limit) {
  std::error_code ec;
  uint64_t size = fs::file_size(path, ec);
  if (ec) return Fail(Error::Io(fmt::format("cannot read {}: {}", path, ec.message())));
  if (size > limit)
    return Fail(Error::InvalidInput(
        fmt::format("{} is larger than the feed's max_size ({} bytes)", name, limit)));
  auto file = NewFile(feed, name);
  if (!file) return Fail(file.error());
  fs::create_hard_link(path, file->path, ec);
  if (ec) return CopyFrom(feed, name, path, limit);  // another file system
  std::FILE* in = std::fopen(file->path.c_str(), "rb");
  if (!in) return Fail(Error::Io(fmt::format("cannot read {}", file->path)));
  Sha256 hash;
  std::string buf(1 << 20, '\0');
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), in)) > 0) {
    hash.Update(std::string_view(buf.data(), n));
    file->bytes += n;
  }
  bool failed = std::ferror(in);
  std::fclose(in);
  if (failed) return Fail(Error::Io(fmt::format("cannot read {}", path)));
  file->sha256 = hash.HexDigest();
  return file;
}

Result<SpooledFile> Spool::Put(const std::string& feed, std::string_view name,
                               std::string_view bytes) {
  auto w = Create(feed, name);
  if (!w) return Fail(w.error());
  BELFRY_RETURN_IF_ERROR(w->Write(bytes));
  return w->Commit();
}

Result<SpooledFile> Spool::CopyFrom(const std::string& feed, std::string_view name,
                                    const std::string& path, uint64_t limit) {
  std::FILE* in = std::fopen(path.c_str(), "rb");
  if (!in) return Fail(Error::Io(fmt::format("cannot read {}", path)));
  auto w = Create(feed, name, limit);
  if (!w) {
    std::fclose(in);
    return Fail(w.error());
  }
  std::string buf(1 << 16, '\0');
  size_t n;
  Status st = Ok();
  while (st && (n = std::fread(buf.data(), 1, buf.size(), in)) > 0)
    st = w->Write(std::string_view(buf.data(), n));
  bool read_error = std::ferror(in);
  std::fclose(in);
  if (!st) return Fail(st.error());
  if (read_error) return Fail(Error::Io(fmt::format("cannot read {}", path)));
  return w->Commit();
}

namespace {

enum class Packing { kNone, kZip, kGzip };

Packing Sniff(const std::string& path) {
  unsigned char head[4] = {0, 0, 0, 0};
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Packing::kNone;
  size_t n = std::fread(head, 1, 4, f);
  std::fclose(f);
  if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4)
    return Packing::kZip;
  if (n >= 2 && head[0] == 0x1f && head[1] == 0x8b) return Packing::kGzip;
  return Packing::kNone;
}

std::string WithoutSuffix(const std::string& name, std::string_view suffix) {
  if (name.size() > suffix.size()) {
    std::string tail = name.substr(name.size() - suffix.size());
    for (auto& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (tail == suffix) return name.substr(0, name.size() - suffix.size());
  }
  return name;
}

// Opens one archive and spools its files. libarchive streams: nothing is held in memory.
Result<std::vector<SpooledFile>> Unpack(Spool& spool, const std::string& feed,
                                        const SpooledFile& file, Packing packing, uint64_t limit) {
  struct archive* a = archive_read_new();
  std::unique_ptr<struct archive, int (*)(struct archive*)> guard(a, archive_read_free);
  if (packing == Packing::kZip) {
    archive_read_support_format_zip(a);
  } else {
    archive_read_support_filter_gzip(a);
    archive_read_support_format_raw(a);
  }
  if (archive_read_open_filename(a, file.path.c_str(), 1 << 16) != ARCHIVE_OK)
    return Fail(Error::InvalidInput(
        fmt::format("{}: not a readable archive: {}", file.name, archive_error_string(a))));
  std::vector<SpooledFile> out;
  struct archive_entry* entry;
  int rc;
  while ((rc = archive_read_next_header(a, &entry)) == ARCHIVE_OK) {
    std::string name;
    if (packing == Packing::kGzip) {
      // The name without its compression suffix; a gzip named `.csv` keeps its name, which
      // tells the report type.
      name = WithoutSuffix(WithoutSuffix(file.name, ".gz"), ".gzip");
    } else {
      if (archive_entry_filetype(entry) != AE_IFREG) continue;
      const char* path = archive_entry_pathname(entry);
      std::string_view p = path ? path : "";
      std::string base = CleanReportName(p, "");
      if (base.empty() || base[0] == '.' || p.find("__MACOSX/") != std::string_view::npos) continue;
      name = base;
    }
    auto w = spool.Create(feed, name, limit);
    if (!w) return Fail(w.error());
    char buf[1 << 16];
    la_ssize_t n;
    while ((n = archive_read_data(a, buf, sizeof buf)) > 0)
      BELFRY_RETURN_IF_ERROR(w->Write(std::string_view(buf, static_cast<size_t>(n))));
    if (n < 0)
      return Fail(Error::InvalidInput(
          fmt::format("{}: damaged archive: {}", file.name, archive_error_string(a))));
    auto done = w->Commit();
    if (!done) return Fail(done.error());
    out.push_back(std::move(*done));
  }
  if (rc != ARCHIVE_EOF)
    return Fail(Error::InvalidInput(
        fmt::format("{}: damaged archive: {}", file.name, archive_error_string(a))));
  return out;
}

}  // namespace

Result<std::vector<SpooledFile>> UnpackReports(Spool& spool, const std::string& feed,
                                               const SpooledFile& file, uint64_t limit) {
  Packing packing = Sniff(file.path);
  if (packing == Packing::kNone) return std::vector<SpooledFile>{file};
  auto inner = Unpack(spool, feed, file, packing, limit);
  if (!inner) return Fail(inner.error());
  if (packing == Packing::kGzip) return inner;
  std::vector<SpooledFile> out;
  for (auto& f : *inner) {
    Packing p = Sniff(f.path);
    if (p == Packing::kNone) {
      out.push_back(std::move(f));
      continue;
    }
    auto again = Unpack(spool, feed, f, p, limit);
    if (!again) return Fail(again.error());
    for (auto& g : *again) out.push_back(std::move(g));
  }
  if (out.empty())
    return Fail(Error::InvalidInput(fmt::format("{}: the archive holds no file", file.name)));
  return out;
}

}  // namespace belfry
