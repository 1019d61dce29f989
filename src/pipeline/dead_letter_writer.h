#pragma once
// Appends dead letters to a JSON-lines file: one object per rejected record with `file`,
// `line` (1-based physical line, the header being line 1), `reason`, `raw`, plus `feed`,
// `time` and `report` (the SHA-256 of the report); `raw_base64` holds the exact bytes when
// they are not valid UTF-8.
//
// Every entry is a whole line or absent, whatever happens: lines are appended with one
// write(2) under an exclusive lock on the file (several processes share it), a write the
// disk could not take is cut back, and a half line left by a power cut is removed before the
// next append. An entry whose (report, line) the file already holds is not written again,
// so running the same report again, or two processes running it at once, adds nothing.

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/result.h"
#include "parse/parser.h"

namespace belfry {

class DeadLetterWriter {
 public:
  explicit DeadLetterWriter(std::string path) : path_(std::move(path)) {}
  ~DeadLetterWriter();
  DeadLetterWriter(const DeadLetterWriter&) = delete;
  DeadLetterWriter& operator=(const DeadLetterWriter&) = delete;

  // Queues the letters; Flush() (or a large queue) writes them.
  Status Write(const std::vector<DeadLetter>& letters, const std::string& feed, int64_t now_micros);
  // Appends what is queued and syncs it to disk.
  Status Flush();
  const std::string& path() const { return path_; }
  // Entries appended by this writer (repeats of entries already in the file not counted).
  uint64_t written() const { return written_; }

  // Rewrites the file keeping entries whose `time` is at or after `cutoff_micros`.
  static Result<uint64_t> Purge(const std::string& path, int64_t cutoff_micros);

 private:
  struct Pending {
    std::string key;  // "" = always written
    std::string line;
  };
  Status Open();
  // Under the lock: drops a torn last line and learns the keys appended since last time.
  Status CatchUp();

  std::string path_;
  int fd_ = -1;
  uint64_t ino_ = 0;
  uint64_t known_size_ = 0;  // bytes of the file whose keys are in keys_
  std::unordered_set<std::string> keys_;
  std::vector<Pending> pending_;
  size_t pending_bytes_ = 0;
  uint64_t written_ = 0;
};

}  // namespace belfry
