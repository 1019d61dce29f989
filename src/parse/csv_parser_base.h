#pragma once
// Shared driver for CSV-based parsers: tokenizes, checks encoding and column counts, turns
// every malformed record into a dead letter with its line, and hands good records on.

#include <string>

#include "core/csv_tokenizer.h"
#include "parse/parser.h"

namespace belfry {

class CsvParserBase : public Parser {
 public:
  Status Begin(const ReportInfo& info) override;
  Result<size_t> Parse(std::string_view window, bool last, ParseOutput* out) override;

 protected:
  explicit CsvParserBase(CsvDialect dialect) : tokenizer_(dialect), dialect_(std::move(dialect)) {}
  // Whether the first record is a header (passed to OnHeader) rather than data.
  virtual bool HasHeader() const = 0;
  virtual Status OnBegin(const ReportInfo& info) = 0;
  virtual Status OnHeader(const CsvRecord& header) = 0;
  // Builds one event; an error becomes a dead letter for this record.
  virtual Status OnRecord(const CsvRecord& record, Event* event) = 0;
  // Expected column count (0 = any).
  virtual size_t ExpectedColumns() const = 0;
  // Whether a row with fewer columns than expected is kept, its missing trailing columns
  // empty (IntelMQ's DictReader-based parsers do this), instead of rejected.
  virtual bool KeepsShortRows() const { return false; }

  void AddDeadLetter(ParseOutput* out, uint64_t line, std::string reason,
                     std::string_view raw) const;
  const ReportInfo& info() const { return info_; }

 private:
  CsvTokenizer tokenizer_;
  CsvDialect dialect_;
  ReportInfo info_;
  bool header_seen_ = false;
  bool header_failed_ = false;
  std::string header_error_;
  CsvRecord record_;
};

}  // namespace belfry
