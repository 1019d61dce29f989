// Fuzz target: the CSAF mandatory tests over any JSON (vendors' advisories are imported from
// outside), and a version specification of an advisory's products.
#include <cstdint>
#include <string_view>

#include "publish/csaf_checks.h"
#include "publish/version_spec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)belfry::CheckCsafMandatoryText(text);
  if (auto spec = belfry::ParseVersionSpec(text.substr(0, 512))) (void)spec->Matches("9.4.1");
  (void)belfry::CompareVersions(text.substr(0, size / 2), text.substr(size / 2));
  return 0;
}
