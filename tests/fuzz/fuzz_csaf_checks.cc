// Fuzz target: the CSAF mandatory tests over any JSON (vendors' advisories are imported from
// outside) and read for matching, vendors' ROLIE feeds and provider metadata, and a version
// specification of an advisory's products.
#include <cstdint>
#include <string_view>

#include "collect/rolie_source.h"
#include "publish/csaf_checks.h"
#include "publish/version_spec.h"
#include "vuln/csaf_import.h"
#include "vuln/vuln_matcher.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)belfry::CheckCsafMandatoryText(text);
  (void)belfry::ParseRolieFeed(text);  // a vendor's ROLIE feed and provider metadata
  (void)belfry::ProviderRolieFeeds(text);
  if (auto vendor = belfry::ReadVendorCsaf(text, "fuzz.json")) {
    std::vector<belfry::ConstituentProduct> on_file(1);
    on_file[0].vendor = "Example";
    on_file[0].product = "Router";
    on_file[0].version = "1.0";
    (void)belfry::MatchAdvisory(vendor->affected, vendor->cves, on_file);
  }
  (void)belfry::CpeVendorProduct(std::string(text.substr(0, 256)));
  if (auto spec = belfry::ParseVersionSpec(text.substr(0, 512))) (void)spec->Matches("9.4.1");
  (void)belfry::CompareVersions(text.substr(0, size / 2), text.substr(size / 2));
  return 0;
}
