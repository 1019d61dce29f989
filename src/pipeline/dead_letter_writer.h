#pragma once
// Appends dead letters to a JSON-lines file: one object per rejected record with `file`,
// `line` (1-based physical line, the header being line 1), `reason`, `raw`, plus `feed` and
// `time`; `raw_base64` holds the exact bytes when they are not valid UTF-8.

#include <cstdio>
#include <string>
#include <vector>

#include "core/result.h"
#include "parse/parser.h"

namespace belfry {

class DeadLetterWriter {
 public:
  explicit DeadLetterWriter(std::string path) : path_(std::move(path)) {}
  ~DeadLetterWriter();
  Status Write(const std::vector<DeadLetter>& letters, const std::string& feed, int64_t now_micros);
  Status Flush();
  const std::string& path() const { return path_; }
  uint64_t written() const { return written_; }

  // Rewrites the file keeping entries whose `time` is at or after `cutoff_micros`.
  static Result<uint64_t> Purge(const std::string& path, int64_t cutoff_micros);

 private:
  std::string path_;
  FILE* file_ = nullptr;
  uint64_t written_ = 0;
};

}  // namespace belfry
