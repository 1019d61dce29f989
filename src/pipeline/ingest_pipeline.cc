#include "pipeline/ingest_pipeline.h"

#include <fmt/format.h>
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

#include "core/date_time.h"
#include "core/text.h"
#include "enrich/deduplicator.h"
#include "enrich/router.h"
#include "enrich/taxonomy_expert.h"
#include "enrich/time_sanity.h"
#include "model/event_json.h"
#include "pipeline/bounded_queue.h"
#include "pipeline/dead_letter_writer.h"
#include "pipeline/report_reader.h"
#include "store/event_block.h"
#include "store/event_codec.h"

namespace belfry {
namespace {

constexpr size_t kReadChunk = 4 << 20;
constexpr uint64_t kCommitRows = 200000;

// A report opens with a header batch, so the store can register it before its events.
// Per-report constant values indexed by FieldId ("" = not constant).
using ConstantTable = std::vector<std::string>;

struct ParsedBatch {
  std::shared_ptr<const ConstantTable> constants;
  uint64_t report_seq = 0;
  bool new_report = false;
  ReportRecord report;
  std::vector<Event> events;
  std::vector<DeadLetter> dead_letters;
  uint64_t records = 0;
  uint64_t bytes = 0;
};

struct EncodedBatch {
  uint64_t report_seq = 0;
  bool new_report = false;
  ReportRecord report;
  std::vector<StoreRow> rows;
  std::vector<StoreBlock> blocks;
  std::vector<DeadLetter> dead_letters;
  uint64_t records = 0;
  uint64_t duplicates = 0;
  uint64_t bytes = 0;
};

StoreRow Encode(const Event& e, uint64_t hash, int64_t seen, const ConstantTable* constants,
                std::string* body) {
  StoreRow row;
  if (auto ts = e.Get(fields::kTimeSource)) {
    if (auto t = ParseDateTimeMicros(*ts)) row.time_source = *t;
  }
  if (auto ip = e.Get(fields::kSourceIp)) {
    if (auto a = IpAddress::Parse(*ip)) row.source_ip = *a;
  }
  if (auto asn = e.Get(fields::kSourceAsn)) row.source_asn = ParseInt64(*asn);
  if (auto t = e.Get(fields::kClassificationType)) row.classification_type = std::string(*t);
  if (auto f = e.Get(fields::kFeedName)) row.feed_name = std::string(*f);
  row.hash = hash;
  row.seen = seen;
  body->clear();
  EncodeEventBody(e, constants, body);
  return row;
}

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

  // The dedup window, reloaded from the store so that a restart keeps it.
  DedupWindow window(config_.dedup.max_entries);
  EventHasher hasher(config_.dedup);
  const bool dedup = config_.dedup.enabled;
  const int64_t ttl = config_.dedup.ttl_seconds;
  if (dedup) {
    BELFRY_RETURN_IF_ERROR(store_->ForEachRecentHash(
        now - ttl, [&](uint64_t h, int64_t seen) { window.Insert(h, now, seen + ttl); }));
  }

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
  std::vector<std::string> file_errors;
  std::atomic<uint64_t> failed_files{0};

  // Stage 1: read + parse.
  std::thread reader([&] {
    pthread_setname_np(pthread_self(), "belfry-parse");
    uint64_t seq = 0;
    for (size_t file_index = 0; file_index < request.files.size(); ++file_index) {
      const std::string& path = request.files[file_index];
      if (abort) break;
      ReportInfo info = request.feed;
      info.file_name = file_index < request.file_names.size()
                           ? request.file_names[file_index]
                           : std::filesystem::path(path).filename().string();
      info.observed_micros = now_micros;
      ParsedBatch head;
      head.report_seq = ++seq;
      head.new_report = true;
      head.report.feed_name =
          request.feed_label.empty() ? request.feed.feed_name : request.feed_label;
      head.report.file_name = path;
      head.report.received = now;
      auto begun = parser->Begin(info);
      std::shared_ptr<const ConstantTable> constants;
      if (begun) {
        auto table = std::make_shared<ConstantTable>(FieldRegistry::Size());
        Event common;
        for (const auto& [id, v] : parser->ReportConstants()) {
          (*table)[id] = v;
          common.SetNormalized(id, v);
        }
        if (!parser->ReportConstants().empty()) head.report.common = EventToJson(common);
        constants = std::move(table);
      }
      auto fail_file = [&](const std::string& why) {
        ++failed_files;
        ParsedBatch fail;
        fail.report_seq = seq;
        // The whole file is kept as one dead letter so nothing is lost silently.
        fail.dead_letters.push_back(DeadLetter{info.file_name, 0, why, ""});
        file_errors.push_back(fmt::format("{}: {}", path, why));
        std::error_code ec;
        fail.bytes = std::filesystem::file_size(path, ec);
        return parsed.Push(std::move(fail));
      };
      if (!begun) {
        if (!fail_file(begun.error().message())) break;
        continue;
      }
      bool pushed_head = false;
      bool open = true;
      ReportReadOptions read_options;
      read_options.window_bytes = kReadChunk;
      read_options.prepare = [&](ParseOutput& out) {
        while (out.spare.size() < 4 * config_.pipeline.batch_size) {
          auto back = recycled.TryPop();
          if (!back) break;
          for (auto& e : *back) out.spare.push_back(std::move(e));
        }
        out.events.reserve(out.spare.size() + 1024);
      };
      auto read = ReadReport(
          path, parser,
          [&](ParseOutput& out, size_t n) {
            ParsedBatch b = pushed_head ? ParsedBatch{} : std::move(head);
            pushed_head = true;
            b.report_seq = seq;
            b.constants = constants;
            if (b.new_report && !out.events.empty() && out.events.front().raw_prefix)
              b.report.raw_prefix = *out.events.front().raw_prefix;
            b.records = out.records;
            b.bytes = n;
            b.dead_letters = std::move(out.dead_letters);
            // Split large outputs into batch_size pieces.
            size_t bs = config_.pipeline.batch_size;
            if (out.events.size() <= bs) {
              b.events = std::move(out.events);
              open = parsed.Push(std::move(b));
            } else {
              for (size_t i = 0; open && i < out.events.size(); i += bs) {
                size_t end = std::min(out.events.size(), i + bs);
                ParsedBatch piece = i == 0 ? std::move(b) : ParsedBatch{};
                piece.report_seq = seq;
                piece.constants = constants;
                piece.events.assign(
                    std::make_move_iterator(out.events.begin() + static_cast<long>(i)),
                    std::make_move_iterator(out.events.begin() + static_cast<long>(end)));
                open = parsed.Push(std::move(piece));
              }
            }
            return open && !abort;
          },
          read_options);
      if (!read) {
        // A report-level failure after some rows: what was parsed stays; the rest is one
        // dead letter naming the reason.
        if (!fail_file(read.error().message())) break;
      } else if (!pushed_head) {
        open = parsed.Push(std::move(head));
      }
      if (!open) break;
    }
    parsed.Close();
  });

  // Stage 2: sanitize (taxonomy), deduplicate, encode for the store.
  BlockEncoder blocks;
  std::string body;
  auto last_reload = std::chrono::steady_clock::now();
  auto encode_batch = [&](ParsedBatch&& b) {
    // One constituency snapshot per batch: a rebuilt index is picked up at the next one.
    std::shared_ptr<const ConstituencyIndex> index;
    if (enrich_.constituency) index = enrich_.constituency->Current();
    if (enrich_.geo && std::chrono::steady_clock::now() - last_reload > std::chrono::seconds(5)) {
      last_reload = std::chrono::steady_clock::now();
      if (auto st = enrich_.geo->ReloadIfChanged(); !st)
        spdlog::warn("{}; the previous copy stays in use", st.error().message());
    }
    EncodedBatch e;
    e.report_seq = b.report_seq;
    e.new_report = b.new_report;
    e.report = std::move(b.report);
    e.dead_letters = std::move(b.dead_letters);
    e.records = b.records;
    e.bytes = b.bytes;
    e.rows.reserve(b.events.size());
    auto flush_block = [&] {
      StoreBlock sb;
      sb.count = blocks.count();
      sb.first_row = e.rows.size() - sb.count;
      blocks.Finish(&sb.data);
      e.blocks.push_back(std::move(sb));
    };
    for (auto& ev : b.events) {
      CompleteClassification(&ev);
      uint64_t h = hasher.Hash(ev);
      if (dedup && !window.Insert(h, now, now + ttl)) {
        ++e.duplicates;
        continue;
      }
      if (enrich_.geo) enrich_.geo->Enrich(&ev);
      const uint8_t flags =
          enrich_.time_sanity ? CheckTimeSanity(&ev, now, config_.time_sanity) : 0;
      e.rows.push_back(Encode(ev, h, now, b.constants.get(), &body));
      StoreRow& row = e.rows.back();
      row.time_flags = flags;
      if (index) {
        // The decision is stored beside the event, not in its body: it changes when the
        // constituency does, and reads apply it (ApplyRoute).
        bool destination = enrich_.route_destination;
        if (!enrich_.destination_feed_names.empty()) {
          if (auto feed = ev.Get(fields::kFeedName)) {
            for (const auto& name : enrich_.destination_feed_names) destination |= name == *feed;
          }
        }
        row.routed = true;
        row.route = index->Decide(QueryFromEvent(ev, destination), destination);
      }
      blocks.Add(body, ev.raw);
      if (blocks.count() == kEventsPerBlock) flush_block();
    }
    if (blocks.count()) flush_block();
    (void)recycled.TryPush(std::move(b.events));
    return e;
  };
  // Its own thread by default: run on the store thread instead, it stalls whenever the store
  // seals a segment, and the whole pipeline with it (measured: docs/PERFORMANCE.md).
  const bool encode_thread = config_.pipeline.encode_thread;
  std::thread processor;
  if (encode_thread) {
    processor = std::thread([&] {
      pthread_setname_np(pthread_self(), "belfry-encode");
      while (auto b = parsed.Pop())
        if (!encoded.Push(encode_batch(std::move(*b)))) break;
      encoded.Close();
    });
  }
  auto next_batch = [&]() -> std::optional<EncodedBatch> {
    if (encode_thread) return encoded.Pop();
    auto b = parsed.Pop();
    if (!b) return std::nullopt;
    return encode_batch(std::move(*b));
  };

  // Stage 3 (this thread): store and dead letters.
  DeadLetterWriter dead(request.dead_letter_path);
  Status status = Ok();
  uint64_t current_seq = 0;
  int64_t report_id = 0;
  uint64_t since_commit = 0;
  double write_seconds = 0, commit_seconds = 0;
  IngestProgress progress;
  progress.bytes_total = bytes_total;
  auto last_progress = std::chrono::steady_clock::now();
  while (auto b = next_batch()) {
    if (!status) continue;  // drain so the producers can finish
    if (b->report_seq != current_seq) {
      current_seq = b->report_seq;
      ++summary.files;
      report_id = 0;
      if (b->new_report) {
        auto id = session->AddReport(b->report);
        if (!id) {
          status = Fail(id.error());
          abort = true;
          continue;
        }
        report_id = *id;
      }
    }
    summary.records += b->records;
    summary.duplicates += b->duplicates;
    summary.rejected += b->dead_letters.size();
    progress.bytes_done += b->bytes;
    for (auto& r : b->rows) r.report_id = report_id;
    auto w0 = std::chrono::steady_clock::now();
    auto w = session->Write(b->rows, b->blocks);
    write_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
    if (!w) {
      status = w;
      abort = true;
      continue;
    }
    since_commit += b->rows.size();
    summary.stored += b->rows.size();
    auto d = dead.Write(b->dead_letters,
                        request.feed_label.empty() ? request.feed.feed_name : request.feed_label,
                        now_micros);
    if (!d) {
      status = d;
      abort = true;
      continue;
    }
    if (since_commit >= kCommitRows) {
      // Dead letters reach the disk before the events they accompany are committed.
      auto c0 = std::chrono::steady_clock::now();
      auto c = dead.Flush();
      if (c) c = session->Commit();
      commit_seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - c0).count();
      if (!c) {
        status = c;
        abort = true;
        continue;
      }
      since_commit = 0;
    }
    progress.events = summary.stored;
    auto t = std::chrono::steady_clock::now();
    if (progress_ && t - last_progress > std::chrono::milliseconds(200)) {
      progress_(progress);
      last_progress = t;
    }
  }
  reader.join();
  if (processor.joinable()) processor.join();
  if (status) status = dead.Flush();
  spdlog::debug("ingest: store writes {:.3f} s, intermediate commits {:.3f} s", write_seconds,
                commit_seconds);
  auto finish_start = std::chrono::steady_clock::now();
  if (status) status = session->Finish();
  spdlog::debug(
      "ingest: store finish (index build, compaction) took {:.3f} s",
      std::chrono::duration<double>(std::chrono::steady_clock::now() - finish_start).count());
  if (!status) return Fail(status.error());
  if (progress_) {
    progress.bytes_done = progress.bytes_total;
    progress_(progress);
  }
  summary.failed_files = failed_files;
  summary.file_errors = std::move(file_errors);
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace belfry
