#pragma once
// A vendor's CSAF 2.0 advisory read for matching: its affected products (vendor and product
// name from the product tree's branches, the versions from product_version names and
// vers:generic ranges, CPEs) and its CVEs. Pure; the document is checked with CSAF's
// mandatory tests (publish/csaf_checks.h) first, and a failing one is refused.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "publish/advisory_source.h"

namespace belfry {

struct VendorAdvisory {
  std::string publisher, publisher_namespace, tracking_id, title;
  std::vector<std::string> cves;
  std::vector<AdvisoryProduct> affected;  // known, first and last affected
  std::string key() const { return publisher_namespace + "#" + tracking_id; }
};

Result<VendorAdvisory> ReadVendorCsaf(std::string_view json_text, std::string_view name);

}  // namespace belfry
