#pragma once
// Shadowserver CSV reports, all types, driven by Shadowserver's own schema exactly as
// IntelMQ's shadowserver parser applies it (required, optional and constant fields,
// conversion functions, unmapped columns to extra.<column>, raw = header + row written with
// Python's csv "unix" dialect).

#include <memory>
#include <string>
#include <vector>

#include "parse/csv_parser_base.h"
#include "parse/parsers/shadowserver/shadowserver_schema.h"

namespace belfry {

class ShadowserverParser final : public CsvParserBase {
 public:
  // `report_type`: fixed schema key or feed name; empty = detect from each file name.
  ShadowserverParser(std::shared_ptr<ShadowserverSchemaSource> source, std::string report_type);
  std::string_view name() const override { return "shadowserver"; }
  const std::vector<std::pair<FieldId, std::string>>& ReportConstants() const override {
    return report_constants_;
  }

 protected:
  bool HasHeader() const override { return true; }
  Status OnBegin(const ReportInfo& info) override;
  Status OnHeader(const CsvRecord& header) override;
  Status OnRecord(const CsvRecord& record, Event* event) override;
  size_t ExpectedColumns() const override { return columns_.size(); }
  // Shadowserver's own samples omit trailing columns (scan_rdp without `jarm`); IntelMQ's
  // DictReader keeps such rows with the columns empty, and so do we.
  bool KeepsShortRows() const override { return true; }

 private:
  struct Planned {
    const ShadowserverMapping* mapping;
    int column;  // index in the row, -1 if the header lacks it
  };
  struct Constant {
    bool is_field;
    FieldId field;
    std::string extra_key;
    std::string value;  // normalised for fields
  };

  std::shared_ptr<ShadowserverSchemaSource> source_;
  std::shared_ptr<const ShadowserverSchema> schema_;  // the one in use for this report
  std::string fixed_type_;
  const ShadowserverReportType* type_ = nullptr;
  std::string type_error_;
  ReportStamp stamp_;
  std::vector<std::string> columns_;
  std::vector<Planned> required_;
  std::vector<Planned> optional_;
  std::vector<Constant> constants_;
  std::shared_ptr<const std::string> raw_header_;
  std::vector<uint8_t> consumed_;
  std::vector<uint8_t> column_key_ok_;  // column name usable as an extra key
  std::string scratch_;
  std::vector<std::pair<FieldId, std::string>> report_constants_;
  // Report fields and constant fields, applied to every event up front when no mapping of
  // this report type targets one of them (else after the mapping, as IntelMQ does).
  Event template_;
  bool constants_first_ = false;
};

// Writes `fields` as one CSV line with Python's "unix" dialect (every field quoted, quotes
// doubled, "\n" terminator): IntelMQ's recover_line_csv_dict.
void AppendUnixCsvLine(const std::vector<std::string_view>& fields, std::string* out);

}  // namespace belfry
