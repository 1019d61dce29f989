#pragma once
// STIX 2.1 bundles from peers into IntelMQ events: one per observation of each indicator's
// STIX pattern (parse/parsers/intel/stix_pattern.h), and one per observed-data that is not
// the evidence of a sighting (its cyber observables together). IP addresses, domains, URLs,
// file hashes, ASNs and ports map to IntelMQ's fields; the TLP comes from the object's
// markings (TLP 2.0's extension or STIX's TLP 1.0 definitions); the classification from
// `rsit:<type>` labels (what Belfry's own export writes), else undetermined; the time from
// valid_from or first_observed. A pattern that cannot be read is a dead letter naming the
// indicator.

#include "parse/parsers/intel/intel_document.h"

namespace belfry {

class StixParser final : public WholeDocumentParser {
 public:
  explicit StixParser(size_t max_document_bytes = size_t{1} << 30)
      : WholeDocumentParser(max_document_bytes) {}
  std::string_view name() const override { return "stix"; }

 protected:
  void ReadDocument(const std::string& text, ParseOutput* out) override;
};

}  // namespace belfry
