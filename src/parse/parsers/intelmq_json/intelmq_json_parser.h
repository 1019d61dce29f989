#pragma once
// IntelMQ JSON lines: one event per line, as IntelMQ's file output writes them, so IntelMQ
// installations can pipe their data in. Every value is re-validated.

#include "parse/parser.h"

namespace belfry {

class IntelMqJsonParser final : public Parser {
 public:
  explicit IntelMqJsonParser(size_t max_line_bytes = 1 << 20) : max_line_bytes_(max_line_bytes) {}
  std::string_view name() const override { return "intelmq-json"; }
  // Input events may override every report field, so nothing is constant.
  const std::vector<std::pair<FieldId, std::string>>& ReportConstants() const override {
    return none_;
  }
  Status Begin(const ReportInfo& info) override;
  Result<size_t> Parse(std::string_view window, bool last, ParseOutput* out) override;

 private:
  void ParseLine(std::string_view line, uint64_t line_no, ParseOutput* out);
  size_t max_line_bytes_;
  ReportInfo info_;
  ReportStamp stamp_;
  uint64_t line_ = 1;
  bool skipping_ = false;
  std::vector<std::pair<FieldId, std::string>> none_;
};

}  // namespace belfry
