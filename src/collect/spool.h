#pragma once
// Where fetched reports are kept: <spool>/<feed>/<YYYY-MM-DD>/<n>-<name>. Every download or
// attachment is written here (through a .part file renamed when complete) before it is
// ingested, so that a report can be re-run after a crash and traced back to its bytes.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/digest.h"
#include "core/result.h"

namespace belfry {

struct SpooledFile {
  std::string path;  // in the spool
  std::string name;  // as the provider named it (base name, printable)
  std::string sha256;
  uint64_t bytes = 0;
};

class SpoolWriter {
 public:
  SpoolWriter(SpoolWriter&&) noexcept;
  ~SpoolWriter();  // an uncommitted file is removed
  // Fails once more than `limit` bytes were written.
  Status Write(std::string_view bytes);
  Result<SpooledFile> Commit();
  uint64_t bytes() const { return file_.bytes; }

 private:
  friend class Spool;
  SpoolWriter(std::FILE* f, SpooledFile file, uint64_t limit);
  std::FILE* f_;
  SpooledFile file_;
  uint64_t limit_;
  Sha256 hash_;
};

// An exclusive hold on one feed's collection, across processes (flock on a file in the
// spool): a `collect` from cron and a `belfry run` never work on the same feed at once.
class FeedLock {
 public:
  FeedLock() = default;
  explicit FeedLock(int fd) : fd_(fd) {}
  FeedLock(FeedLock&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  FeedLock& operator=(FeedLock&& o) noexcept;
  ~FeedLock();
  bool held() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

class Spool {
 public:
  // Takes the feed's lock without waiting; an empty lock if another process holds it.
  Result<FeedLock> TryLockFeed(const std::string& feed);
  Spool(std::string root, const Clock& clock) : root_(std::move(root)), clock_(clock) {}
  Result<SpoolWriter> Create(const std::string& feed, std::string_view name,
                             uint64_t limit = UINT64_MAX);
  Result<SpooledFile> Put(const std::string& feed, std::string_view name, std::string_view bytes);
  Result<SpooledFile> CopyFrom(const std::string& feed, std::string_view name,
                               const std::string& path, uint64_t limit);
  // A hard link when `path` is on the spool's file system (no bytes copied: the file is
  // only read once, for its checksum), else a copy.
  Result<SpooledFile> LinkFrom(const std::string& feed, std::string_view name,
                               const std::string& path, uint64_t limit);
  const std::string& root() const { return root_; }

 private:
  // A fresh path for a report of `feed` named `name` (its folder created).
  Result<SpooledFile> NewFile(const std::string& feed, std::string_view name);
  std::string root_;
  const Clock& clock_;
};

// Removes the spool's day folders (<feed>/<YYYY-MM-DD>) older than `cutoff_seconds` (Unix
// time): fetched reports are kept as long as raw data ([retention] raw). Returns how many.
Result<uint64_t> PurgeSpool(const std::string& root, int64_t cutoff_seconds);

// A name from the outside (URL path, attachment, archive entry) as a report name: its base
// name, without control characters; `fallback` when nothing is left.
std::string CleanReportName(std::string_view name, std::string_view fallback);

// Opens zip and gzip archives (recognised by their first bytes, not their names) into their
// files, each spooled; anything else is returned as it is. Archives inside a zip are opened
// once more (Shadowserver mails .csv.zip, some feeds zip .gz files). Each unpacked file may
// have at most `limit` bytes: an archive bomb is an error, not a full disk.
Result<std::vector<SpooledFile>> UnpackReports(Spool& spool, const std::string& feed,
                                               const SpooledFile& file, uint64_t limit);

}  // namespace belfry
