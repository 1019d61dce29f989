#include "pipeline/parse_stage.h"

#include <fmt/format.h>

#include <filesystem>

#include "core/digest.h"
#include "model/event_json.h"
#include "model/field_registry.h"
#include "pipeline/report_reader.h"

namespace belfry {
namespace {

constexpr size_t kReadChunk = 4 << 20;

}  // namespace

void ParseStage::Run() {
  uint64_t seq = 0;
  for (size_t i = 0; i < request_.files.size(); ++i) {
    if (abort_ || !RunFile(i, ++seq)) break;
  }
  out_.Close();
}

bool ParseStage::FailFile(const std::string& path, const std::string& file_name, uint64_t seq,
                          const std::string& why) {
  ++failed_files_;
  ParsedBatch fail;
  fail.report_seq = seq;
  // The whole file is kept as one dead letter so nothing is lost silently.
  fail.dead_letters.push_back(DeadLetter{file_name, 0, why, "", report_digest_});
  file_errors_.push_back(fmt::format("{}: {}", path, why));
  std::error_code ec;
  fail.bytes = std::filesystem::file_size(path, ec);
  return out_.Push(std::move(fail));
}

bool ParseStage::RunFile(size_t file_index, uint64_t seq) {
  const std::string& path = request_.files[file_index];
  const int64_t now = now_micros_ / 1000000;
  report_digest_ = file_index < request_.file_sha256.size() ? request_.file_sha256[file_index] : "";
  if (report_digest_.empty()) report_digest_ = Sha256FileHex(path);
  ReportInfo info = request_.feed;
  info.file_name = file_index < request_.file_names.size()
                       ? request_.file_names[file_index]
                       : std::filesystem::path(path).filename().string();
  info.observed_micros = now_micros_;
  ParsedBatch head;
  head.report_seq = seq;
  head.new_report = true;
  head.report.feed_name =
      request_.feed_label.empty() ? request_.feed.feed_name : request_.feed_label;
  head.report.file_name = path;
  head.report.received = now;
  auto begun = parser_->Begin(info);
  if (!begun) return FailFile(path, info.file_name, seq, begun.error().message());
  auto constants = std::make_shared<ConstantTable>(FieldRegistry::Size());
  Event common;
  for (const auto& [id, v] : parser_->ReportConstants()) {
    (*constants)[id] = v;
    common.SetNormalized(id, v);
  }
  if (!parser_->ReportConstants().empty()) head.report.common = EventToJson(common);
  bool pushed_head = false;
  bool open = true;
  ReportReadOptions read_options;
  read_options.window_bytes = kReadChunk;
  read_options.prepare = [&](ParseOutput& out) {
    while (out.spare.size() < 4 * batch_size_) {
      auto back = recycled_.TryPop();
      if (!back) break;
      for (auto& e : *back) out.spare.push_back(std::move(e));
    }
    out.events.reserve(out.spare.size() + 1024);
  };
  std::shared_ptr<const ConstantTable> shared = std::move(constants);
  auto read = ReadReport(
      path, parser_,
      [&](ParseOutput& out, size_t n) {
        open = PushOutput(out, n, seq, shared, pushed_head ? nullptr : &head);
        pushed_head = true;
        return open && !abort_;
      },
      read_options);
  if (!read) {
    // A report-level failure after some rows: what was parsed stays; the rest is one
    // dead letter naming the reason.
    return FailFile(path, info.file_name, seq, read.error().message());
  }
  if (!pushed_head) open = out_.Push(std::move(head));
  return open;
}

bool ParseStage::PushOutput(ParseOutput& out, size_t bytes, uint64_t seq,
                            const std::shared_ptr<const ConstantTable>& constants,
                            ParsedBatch* head) {
  ParsedBatch b = head ? std::move(*head) : ParsedBatch{};
  b.report_seq = seq;
  b.constants = constants;
  if (b.new_report && !out.events.empty() && out.events.front().raw_prefix)
    b.report.raw_prefix = *out.events.front().raw_prefix;
  b.records = out.records;
  b.short_rows = out.short_rows;
  b.bytes = bytes;
  b.dead_letters = std::move(out.dead_letters);
  for (auto& d : b.dead_letters) d.report = report_digest_;
  if (out.events.size() <= batch_size_) {
    b.events = std::move(out.events);
    return out_.Push(std::move(b));
  }
  bool open = true;
  // Each piece counts its own rows (the first also the dead letters), so that a summary cut
  // short between two pieces still adds up.
  const uint64_t other_records = b.records - out.events.size();
  for (size_t i = 0; open && i < out.events.size(); i += batch_size_) {
    const size_t end = std::min(out.events.size(), i + batch_size_);
    ParsedBatch piece = i == 0 ? std::move(b) : ParsedBatch{};
    piece.report_seq = seq;
    piece.constants = constants;
    piece.records = (end - i) + (i == 0 ? other_records : 0);
    piece.events.assign(std::make_move_iterator(out.events.begin() + static_cast<long>(i)),
                        std::make_move_iterator(out.events.begin() + static_cast<long>(end)));
    open = out_.Push(std::move(piece));
  }
  return open;
}

}  // namespace belfry
