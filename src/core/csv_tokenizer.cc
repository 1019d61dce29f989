#include "core/csv_tokenizer.h"

#include <fmt/format.h>

#include <cstring>

namespace belfry {
namespace {

// First byte in [p, end) equal to one of a, b, c, d (or end). Eight bytes at a time: the
// lowest flagged byte of the "has zero byte" trick is exact, so the first match is found.
inline const char* FindAny(const char* p, const char* end, char a, char b, char c, char d) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  const uint64_t pa = kOnes * static_cast<uint8_t>(a), pb = kOnes * static_cast<uint8_t>(b);
  const uint64_t pc = kOnes * static_cast<uint8_t>(c), pd = kOnes * static_cast<uint8_t>(d);
  while (end - p >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    uint64_t m = zero(w ^ pa) | zero(w ^ pb) | zero(w ^ pc) | zero(w ^ pd);
    if (m) return p + (__builtin_ctzll(m) >> 3);
    p += 8;
  }
  while (p < end && *p != a && *p != b && *p != c && *p != d) ++p;
  return p;
}

}  // namespace

void CsvTokenizer::Feed(std::string_view window, bool last) {
  data_ = window;
  last_ = last;
  pos_ = 0;
}

size_t CsvTokenizer::SkipLine(size_t from, uint64_t* lines) const {
  const void* nl = std::memchr(data_.data() + from, '\n', data_.size() - from);
  if (!nl) return data_.size();
  ++*lines;
  return static_cast<size_t>(static_cast<const char*>(nl) - data_.data()) + 1;
}

CsvStatus CsvTokenizer::Fail(std::string message, size_t resume, uint64_t lines) {
  error_ = std::move(message);
  error_line_ = line_;
  // The record whole (a dead letter can be replayed exactly), up to the record limit.
  size_t n = std::min<size_t>(resume - pos_, dialect_.max_record_bytes);
  error_text_.assign(data_.substr(pos_, n));
  while (!error_text_.empty() && (error_text_.back() == '\n' || error_text_.back() == '\r'))
    error_text_.pop_back();
  pos_ = resume;
  line_ += lines;
  return CsvStatus::kError;
}

// Scans one record starting at pos_. On kDone, *end is the end of the record's text and
// *next the start of the next record; *lines counts the newlines consumed.
CsvTokenizer::Scan CsvTokenizer::ScanRecord(size_t* end, size_t* next, uint64_t* lines,
                                             bool* nul) {
  const char* base = data_.data();
  const size_t size = data_.size();
  const char delim = dialect_.delimiter;
  const char quote = dialect_.quote;
  size_t i = pos_;
  refs_.clear();
  scratch_.clear();
  *lines = 0;
  *nul = false;
  for (;;) {
    // Start of a field.
    if (quote != '\0' && i < size && base[i] == quote) {
      ++i;
      size_t start = i;
      bool copied = false;
      size_t scratch_start = scratch_.size();
      for (;;) {
        // Find the closing quote, counting the newlines of multi-line fields on the way.
        const char* q = base + i;
        for (;;) {
          q = FindAny(q, base + size, quote, '\n', '\0', quote);
          if (q == base + size || *q == quote) break;
          if (*q == '\0')
            *nul = true;
          else
            ++*lines;
          ++q;
        }
        if (q == base + size) return Scan::kUnterminated;
        size_t qi = static_cast<size_t>(q - base);
        if (qi + 1 < size && base[qi + 1] == quote) {
          // Doubled quote: unescape into scratch.
          if (!copied) {
            copied = true;
            scratch_start = scratch_.size();
          }
          scratch_.append(base + i, qi - i + 1);
          i = qi + 2;
          continue;
        }
        if (qi + 1 >= size && !last_) return Scan::kIncomplete;
        // Closing quote. Python appends anything up to the delimiter to the field.
        size_t after = qi + 1;
        size_t tail_end = after;
        while (tail_end < size && base[tail_end] != delim && base[tail_end] != '\n' &&
               base[tail_end] != '\r') {
          if (base[tail_end] == '\0') *nul = true;
          ++tail_end;
        }
        if (copied || tail_end > after) {
          if (!copied) scratch_start = scratch_.size();
          scratch_.append(base + i, qi - i);
          scratch_.append(base + after, tail_end - after);
          refs_.push_back({static_cast<uint32_t>(scratch_start),
                           static_cast<uint32_t>(scratch_.size() - scratch_start), true});
        } else {
          refs_.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(qi - start), false});
        }
        i = tail_end;
        break;
      }
    } else {
      size_t start = i;
      i = static_cast<size_t>(FindAny(base + i, base + size, delim, '\n', '\r', '\0') - base);
      while (i < size && base[i] == '\0') {
        *nul = true;
        i = static_cast<size_t>(FindAny(base + i + 1, base + size, delim, '\n', '\r', '\0') - base);
      }
      refs_.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(i - start), false});
    }
    // After a field: delimiter, end of line, or end of data.
    if (i >= size) {
      if (!last_) return Scan::kIncomplete;
      *end = i;
      *next = i;
      return Scan::kDone;
    }
    if (base[i] == delim) {
      ++i;
      continue;
    }
    // Line terminator: \n, \r\n or a lone \r.
    *end = i;
    if (base[i] == '\r') {
      if (i + 1 >= size && !last_) return Scan::kIncomplete;
      if (i + 1 < size && base[i + 1] == '\n') ++i;
    }
    ++*lines;
    *next = i + 1;
    return Scan::kDone;
  }
}

CsvStatus CsvTokenizer::Next(CsvRecord* record) {
  for (;;) {
    if (skipping_) {
      uint64_t lines = 0;
      size_t next = SkipLine(pos_, &lines);
      line_ += lines;
      pos_ = next;
      if (lines == 0 && !last_) return CsvStatus::kNeedMore;
      skipping_ = false;
    }
    if (pos_ >= data_.size()) return last_ ? CsvStatus::kEnd : CsvStatus::kNeedMore;
    char c = data_[pos_];
    // Blank lines are skipped, as Python's csv.DictReader does.
    if (c == '\n') {
      ++pos_;
      ++line_;
      continue;
    }
    if (c == '\r') {
      if (pos_ + 1 >= data_.size() && !last_) return CsvStatus::kNeedMore;
      pos_ += (pos_ + 1 < data_.size() && data_[pos_ + 1] == '\n') ? 2 : 1;
      ++line_;
      continue;
    }
    if (!dialect_.comment.empty() &&
        data_.substr(pos_, dialect_.comment.size()) == dialect_.comment) {
      uint64_t lines = 0;
      size_t next = SkipLine(pos_, &lines);
      if (lines == 0 && !last_) return CsvStatus::kNeedMore;
      pos_ = next;
      line_ += lines;
      continue;
    }
    size_t end = 0, next = 0;
    uint64_t lines = 0;
    bool nul = false;
    Scan s = ScanRecord(&end, &next, &lines, &nul);
    if (s == Scan::kDone && end - pos_ > dialect_.max_record_bytes) s = Scan::kIncomplete;
    if (s == Scan::kIncomplete || s == Scan::kUnterminated) {
      bool too_long = data_.size() - pos_ > dialect_.max_record_bytes;
      if (!too_long && !last_) return CsvStatus::kNeedMore;
      // The record can never complete: report it, then resume after its first line so
      // one bad quote costs one line, not the rest of the file.
      uint64_t skipped = 0;
      size_t resume = SkipLine(pos_, &skipped);
      if (too_long) {
        if (skipped == 0) skipping_ = true;
        return Fail(fmt::format("record longer than {} bytes", dialect_.max_record_bytes), resume,
                    skipped);
      }
      return Fail("unterminated quoted field", resume, skipped);
    }
    if (nul) return Fail("NUL byte in record", next, lines);
    record->fields.clear();
    // Canonical: no scratch copies, and every field is exactly `"value"` between delimiters.
    bool canonical = scratch_.empty() && dialect_.quote == '"' && dialect_.delimiter == ',';
    size_t expected_len = refs_.empty() ? 0 : refs_.size() - 1;
    for (const auto& r : refs_) {
      expected_len += r.len + 2;
      if (canonical && (r.in_scratch || r.off == 0 || data_[r.off - 1] != '"')) canonical = false;
    }
    record->canonical_quoted = canonical && expected_len == end - pos_;
    for (const auto& r : refs_) {
      const char* p = r.in_scratch ? scratch_.data() : data_.data();
      record->fields.emplace_back(p + r.off, r.len);
    }
    record->text = data_.substr(pos_, end - pos_);
    record->line = line_;
    line_ += lines;
    pos_ = next;
    return CsvStatus::kRecord;
  }
}

}  // namespace belfry
