#pragma once
// RFC 4180 CSV tokenizer over a window of bytes, written by hand because it is the hot
// loop of every feed: fields are string_views into the input (copied only when a quoted
// field holds doubled quotes), physical line numbers are tracked across chunks, and every
// malformed record is reported with its line and skipped instead of ending the file.
//
// Leniency follows Python's csv module (IntelMQ's parsers): text after a closing quote is
// appended to the field, quotes inside unquoted fields are literal.
//
// Thread-compatible: one tokenizer per input stream.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace belfry {

struct CsvDialect {
  char delimiter = ',';
  char quote = '"';     // '\0' disables quoting
  std::string comment;  // lines starting with this prefix are skipped ("" = none)
  size_t max_record_bytes = 1 << 20;
};

struct CsvRecord {
  std::vector<std::string_view> fields;
  std::string_view text;  // the record's bytes without its line terminator
  uint64_t line = 0;      // physical line (1-based) where the record starts
  // Every field is quoted, none holds a doubled quote, nothing stands outside the quotes:
  // `text` is already what Python's csv "unix" dialect would write.
  bool canonical_quoted = false;
};

enum class CsvStatus {
  kRecord,    // *record is filled
  kNeedMore,  // the window ends inside a record: call Feed() with more data
  kEnd,       // window exhausted (and it was the last)
  kError,     // malformed record at error_line(); it was skipped; call Next() again
};

class CsvTokenizer {
 public:
  explicit CsvTokenizer(CsvDialect dialect) : dialect_(std::move(dialect)) {}

  // Sets the bytes to tokenize; `last` when no more will follow. Bytes not consumed by a
  // previous window (see consumed()) must be passed again at the front of this one.
  void Feed(std::string_view window, bool last);
  CsvStatus Next(CsvRecord* record);

  // Bytes of the current window that belong to returned records.
  size_t consumed() const { return pos_; }
  const std::string& error() const { return error_; }
  uint64_t error_line() const { return error_line_; }
  // Start of the malformed record's bytes (truncated), for dead letters.
  std::string_view error_text() const { return error_text_; }
  const CsvDialect& dialect() const { return dialect_; }

 private:
  struct FieldRef {
    uint32_t off;
    uint32_t len;
    bool in_scratch;
  };
  enum class Scan { kDone, kIncomplete, kUnterminated };
  // A NUL byte does not end the scan: the record is found whole (a quoted field may span
  // lines) and then rejected as one, with *nul set.
  Scan ScanRecord(size_t* end, size_t* next, uint64_t* lines, bool* nul);
  CsvStatus Fail(std::string message, size_t resume, uint64_t lines);
  size_t SkipLine(size_t from, uint64_t* lines) const;

  CsvDialect dialect_;
  std::string_view data_;
  bool last_ = false;
  size_t pos_ = 0;
  uint64_t line_ = 1;
  bool skipping_ = false;  // discarding the rest of an over-long line
  std::vector<FieldRef> refs_;
  std::string scratch_;
  std::string error_;
  std::string error_text_;
  uint64_t error_line_ = 0;
};

}  // namespace belfry
