#pragma once
// Stage 1 of an ingest: reads each file window by window through the parser and pushes
// batches of events (at most batch_size each) and dead letters. A file the parser refuses,
// or that fails half way, becomes one dead letter naming the reason; the others go on.

#include <atomic>
#include <string>
#include <vector>

#include "pipeline/bounded_queue.h"
#include "pipeline/ingest_batches.h"
#include "pipeline/ingest_pipeline.h"

namespace belfry {

class ParseStage {
 public:
  ParseStage(const IngestRequest& request, Parser* parser, size_t batch_size, int64_t now_micros,
             BoundedQueue<ParsedBatch>& out, BoundedQueue<std::vector<Event>>& recycled,
             const std::atomic<bool>& abort)
      : request_(request),
        parser_(parser),
        batch_size_(batch_size),
        now_micros_(now_micros),
        out_(out),
        recycled_(recycled),
        abort_(abort) {}

  // Runs every file; closes `out` when done.
  void Run();
  uint64_t failed_files() const { return failed_files_; }
  std::vector<std::string> TakeFileErrors() { return std::move(file_errors_); }

 private:
  // Returns false when the consumer has gone away.
  bool RunFile(size_t file_index, uint64_t seq);
  bool FailFile(const std::string& path, const std::string& file_name, uint64_t seq,
                const std::string& why);
  // Pushes one parser output as batch_size pieces; the first carries `head` if given.
  bool PushOutput(ParseOutput& out, size_t bytes, uint64_t seq,
                  const std::shared_ptr<const ConstantTable>& constants, ParsedBatch* head);

  const IngestRequest& request_;
  Parser* parser_;
  size_t batch_size_;
  int64_t now_micros_;
  BoundedQueue<ParsedBatch>& out_;
  BoundedQueue<std::vector<Event>>& recycled_;
  const std::atomic<bool>& abort_;
  uint64_t failed_files_ = 0;
  std::vector<std::string> file_errors_;
  std::string report_digest_;  // SHA-256 of the report being read: keys its dead letters
};

}  // namespace belfry
