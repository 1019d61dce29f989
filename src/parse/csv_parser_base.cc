#include "parse/csv_parser_base.h"

#include <fmt/format.h>

#include "core/text.h"

namespace belfry {

Status CsvParserBase::Begin(const ReportInfo& info) {
  info_ = info;
  tokenizer_ = CsvTokenizer(dialect_);
  header_seen_ = !HasHeader();
  header_failed_ = false;
  header_error_.clear();
  return OnBegin(info);
}

void CsvParserBase::AddDeadLetter(ParseOutput* out, uint64_t line, std::string reason,
                                  std::string_view raw) const {
  out->dead_letters.push_back(
      DeadLetter{info_.file_name, line, std::move(reason), std::string(raw)});
}

Result<size_t> CsvParserBase::Parse(std::string_view window, bool last, ParseOutput* out) {
  // A UTF-8 byte order mark before the header is not part of the first column's name.
  if (!header_seen_ && window.substr(0, 3) == "\xEF\xBB\xBF") {
    auto r = Parse(window.substr(3), last, out);
    if (!r) return r;
    return *r + 3;
  }
  tokenizer_.Feed(window, last);
  for (;;) {
    CsvStatus st = tokenizer_.Next(&record_);
    if (st == CsvStatus::kEnd || st == CsvStatus::kNeedMore) break;
    if (st == CsvStatus::kError) {
      if (header_seen_) ++out->records;
      AddDeadLetter(out, tokenizer_.error_line(), tokenizer_.error(), tokenizer_.error_text());
      if (!header_seen_) {
        out->dead_letters.back().is_record = false;
        header_seen_ = true;
        header_failed_ = true;
        header_error_ = "the header line is malformed: " + tokenizer_.error();
      }
      continue;
    }
    if (!IsValidUtf8(record_.text)) {
      if (header_seen_) ++out->records;
      AddDeadLetter(out, record_.line, "invalid UTF-8", record_.text);
      if (!header_seen_) {
        out->dead_letters.back().is_record = false;
        header_seen_ = true;
        header_failed_ = true;
        header_error_ = "the header line is not valid UTF-8";
      }
      continue;
    }
    if (!header_seen_) {
      header_seen_ = true;
      if (record_.fields.size() > limits_.max_columns) {
        header_failed_ = true;
        header_error_ =
            fmt::format("the header has {} columns, more than pipeline.max_columns = {}",
                        record_.fields.size(), limits_.max_columns);
        AddDeadLetter(out, record_.line, header_error_, record_.text);
        out->dead_letters.back().is_record = false;
        continue;
      }
      auto st_header = OnHeader(record_);
      if (!st_header) {
        header_failed_ = true;
        header_error_ = st_header.error().message();
      }
      continue;
    }
    ++out->records;
    if (header_failed_) {
      AddDeadLetter(out, record_.line, header_error_, record_.text);
      continue;
    }
    if (record_.fields.size() > limits_.max_columns) {
      AddDeadLetter(out, record_.line,
                    fmt::format("row has {} columns, more than pipeline.max_columns = {}",
                                record_.fields.size(), limits_.max_columns),
                    record_.text);
      continue;
    }
    const size_t expected = ExpectedColumns();
    if (expected && record_.fields.size() < expected && KeepsShortRows()) {
      record_.fields.resize(expected);   // the missing trailing columns are empty
      record_.canonical_quoted = false;  // raw is written again, with the empty columns
      ++out->short_rows;
    }
    if (expected && record_.fields.size() != expected) {
      AddDeadLetter(
          out, record_.line,
          fmt::format("row has {} columns, the header has {}", record_.fields.size(), expected),
          record_.text);
      continue;
    }
    Event event = out->TakeEvent();
    event.line = record_.line;
    auto s = OnRecord(record_, &event);
    if (!s) {
      AddDeadLetter(out, record_.line, s.error().message(), record_.text);
      out->spare.push_back(std::move(event));
      continue;
    }
    if (std::string why = ExtraKeysOverLimit(event); !why.empty()) {
      AddDeadLetter(out, record_.line, std::move(why), record_.text);
      out->spare.push_back(std::move(event));
      continue;
    }
    out->events.push_back(std::move(event));
  }
  return tokenizer_.consumed();
}

}  // namespace belfry
