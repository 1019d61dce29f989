#pragma once
// Generic CSV feeds (the many simple blocklists) with a declarative column -> field mapping
// from configuration, in the spirit of IntelMQ's generic CSV parser.

#include <string>
#include <utility>
#include <vector>

#include "parse/csv_parser_base.h"

namespace belfry {

struct CsvMappingOptions {
  CsvDialect dialect;
  bool header = false;  // first record is a header (skipped; used for column names)
  // One entry per column, by position. "" or "__IGNORE__" skips the column; "extra.x"
  // goes to extra; "a|b" tries field a, then b (e.g. "source.ip|source.fqdn");
  // "a|__IGNORE__" skips a value that does not fit a instead of rejecting the row.
  std::vector<std::string> columns;
  std::string time_format;  // strftime format, "epoch", "epoch_millis" or "" (ISO 8601)
  std::string time_zone;    // IANA zone of naive times; "" = UTC
  bool trim = false;        // strip spaces around values ("192.0.2.0/24 ; SBL1")
  // Fields set on every event (e.g. classification.type), raw values.
  std::vector<std::pair<std::string, std::string>> constants;
};

class CsvMappingParser final : public CsvParserBase {
 public:
  // Validates the options (column names, constants, time zone); errors name the problem.
  static Result<std::unique_ptr<CsvMappingParser>> Create(CsvMappingOptions options);
  std::string_view name() const override { return "csv"; }
  const std::vector<std::pair<FieldId, std::string>>& ReportConstants() const override {
    return report_constants_;
  }

 protected:
  bool HasHeader() const override { return options_.header; }
  Status OnBegin(const ReportInfo& info) override;
  Status OnHeader(const CsvRecord&) override { return Ok(); }
  Status OnRecord(const CsvRecord& record, Event* event) override;
  size_t ExpectedColumns() const override { return 0; }

 private:
  explicit CsvMappingParser(CsvMappingOptions options);
  struct Target {
    bool ignore = false;
    bool optional = false;           // "…|__IGNORE__"
    std::vector<std::string> names;  // alternatives
  };
  CsvMappingOptions options_;
  std::vector<Target> targets_;
  std::vector<std::pair<FieldId, std::string>> constant_fields_;  // normalised
  std::vector<std::pair<std::string, std::string>> constant_extras_;
  ReportStamp stamp_;
  std::vector<std::pair<FieldId, std::string>> report_constants_;
};

}  // namespace belfry
