#pragma once
// STIX 2.1 bundles from peers into IntelMQ events: one per observation of each indicator's
// STIX pattern (parse/parsers/intel/stix_pattern.h), and one per observed-data that is not
// the evidence of a sighting (its cyber observables together). IP addresses, domains, URLs,
// file hashes, ASNs and ports map to IntelMQ's fields; the TLP comes from the object's
// markings (TLP 2.0's extension or STIX's TLP 1.0 definitions); the classification from
// `rsit:<type>` labels (what Belfry's own export writes), else undetermined; the time from
// valid_from or first_observed. A pattern that cannot be read is a dead letter naming the
// indicator.

#include "parse/parser.h"
#include "parse/parsers/intel/intel_document.h"

namespace belfry {

class StixParser final : public Parser {
 public:
  explicit StixParser(size_t max_document_bytes = size_t{1} << 30) : doc_(max_document_bytes) {}
  std::string_view name() const override { return "stix"; }
  const std::vector<std::pair<FieldId, std::string>>& ReportConstants() const override {
    return none_;
  }
  Status Begin(const ReportInfo& info) override;
  Result<size_t> Parse(std::string_view window, bool last, ParseOutput* out) override;

 private:
  Status ParseDocument(ParseOutput* out);

  ReportInfo info_;
  ReportStamp stamp_;
  DocumentBuffer doc_;
  std::vector<std::pair<FieldId, std::string>> none_;
};

}  // namespace belfry
