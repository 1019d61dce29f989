#include "pipeline/ingest_pipeline.h"

#include <fmt/format.h>
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>

#include "pipeline/bounded_queue.h"
#include "pipeline/encode_stage.h"
#include "pipeline/parse_stage.h"
#include "pipeline/store_stage.h"

namespace belfry {
namespace {

// A worker thread's top: an exception (out of memory, a bug) is caught and reported as the
// run's error instead of terminating the process; the queues are closed so the other
// stages finish.
class WorkerErrors {
 public:
  template <class F>
  void Guard(const char* stage, F&& body) {
    try {
      body();
    } catch (const std::exception& e) {
      Record(fmt::format("{} stage failed: {}", stage, e.what()));
    } catch (...) {
      Record(fmt::format("{} stage failed", stage));
    }
  }
  std::optional<std::string> first() {
    std::lock_guard lock(mu_);
    return first_;
  }

 private:
  void Record(std::string what) {
    spdlog::error("ingest: {}", what);
    std::lock_guard lock(mu_);
    if (!first_) first_ = std::move(what);
  }
  std::mutex mu_;
  std::optional<std::string> first_;
};

}  // namespace

Result<std::vector<std::string>> ExpandInputs(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  namespace fs = std::filesystem;
  for (const auto& a : args) {
    std::error_code ec;
    if (fs::is_directory(a, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(a, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (!name.empty() && name[0] == '.') {
          if (it->is_directory()) it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file()) found.push_back(it->path().string());
      }
      if (ec) return Fail(Error::Io(fmt::format("cannot list {}: {}", a, ec.message())));
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else if (fs::exists(a, ec)) {
      out.push_back(a);
    } else {
      return Fail(Error::NotFound(fmt::format("no such file or directory: {}", a)));
    }
  }
  return out;
}

Result<IngestSummary> IngestPipeline::Run(const IngestRequest& request, Parser* parser) {
  const auto start = std::chrono::steady_clock::now();
  const int64_t now_micros = clock_.NowSeconds() * 1000000;  // IntelMQ drops microseconds
  const int64_t now = now_micros / 1000000;
  IngestSummary summary;
  uint64_t bytes_total = 0;
  for (const auto& f : request.files) {
    std::error_code ec;
    bytes_total += std::filesystem::file_size(f, ec);
  }
  EncodeStage encoder(config_, enrich_, now);
  BELFRY_RETURN_IF_ERROR(encoder.LoadWindow(store_));
  auto begun_session = store_->BeginIngest(now);
  if (!begun_session) return Fail(begun_session.error());
  std::unique_ptr<IngestSession> session = std::move(*begun_session);

  BoundedQueue<ParsedBatch> parsed(config_.pipeline.queue_depth);
  // Events the encode stage is done with go back to the parser, whose allocations they reuse.
  BoundedQueue<std::vector<Event>> recycled(config_.pipeline.queue_depth * 2);
  // Encoded batches are small (compressed); a deeper queue lets parsing run ahead while the
  // store seals a segment.
  BoundedQueue<EncodedBatch> encoded(config_.pipeline.queue_depth * 8);
  std::atomic<bool> abort{false};
  WorkerErrors errors;

  ParseStage parse_stage(request, parser, config_.pipeline.batch_size, now_micros, parsed, recycled,
                         abort);
  std::thread reader([&] {
    pthread_setname_np(pthread_self(), "belfry-parse");
    errors.Guard("parse", [&] { parse_stage.Run(); });
    parsed.Close();
    if (errors.first()) abort = true;
  });
  // Its own thread by default: run on the store thread instead, it stalls whenever the store
  // seals a segment, and the whole pipeline with it (measured: docs/PERFORMANCE.md).
  const bool encode_thread = config_.pipeline.encode_thread;
  std::thread processor;
  if (encode_thread) {
    processor = std::thread([&] {
      pthread_setname_np(pthread_self(), "belfry-encode");
      errors.Guard("encode", [&] {
        while (auto b = parsed.Pop())
          if (!encoded.Push(encoder.Encode(std::move(*b), recycled))) break;
      });
      encoded.Close();
      if (errors.first()) {
        abort = true;
        while (parsed.Pop()) {  // let the reader finish
        }
      }
    });
  }
  auto next_batch = [&]() -> std::optional<EncodedBatch> {
    if (encode_thread) return encoded.Pop();
    auto b = parsed.Pop();
    if (!b) return std::nullopt;
    return encoder.Encode(std::move(*b), recycled);
  };

  const std::string feed_label =
      request.feed_label.empty() ? request.feed.feed_name : request.feed_label;
  StoreStage store_stage(*session, request.dead_letter_path, feed_label, now_micros, &summary,
                         progress_, bytes_total);
  Status status = Ok();
  errors.Guard("store", [&] {
    while (auto b = next_batch()) {
      if (!status) continue;  // drain so the producers can finish
      status = store_stage.Consume(*b);
      if (!status) abort = true;
    }
  });
  if (errors.first()) {
    abort = true;
    parsed.Close();
    encoded.Close();
    while (parsed.Pop()) {
    }
    while (encoded.Pop()) {
    }
  }
  reader.join();
  if (processor.joinable()) processor.join();
  if (auto e = errors.first()) return Fail(Error::Internal(*e));
  if (status) status = store_stage.Finish();
  if (!status) summary.error = status.error().message();
  summary.failed_files = parse_stage.failed_files();
  summary.file_errors = parse_stage.TakeFileErrors();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace belfry
