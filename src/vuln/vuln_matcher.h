#pragma once
// Which constituents run what an advisory names: the affected products (vendor and product
// name, or CPE vendor:product, with the affected versions) against the products on file,
// and the advisory's CVEs against the CVEs feeds observed on constituents' hosts. Pure over
// the candidates it is given.

#include <string>
#include <vector>

#include "publish/advisory_source.h"
#include "vuln/product.h"

namespace belfry {

struct VulnMatch {
  ConstituentProduct product;
  std::string affected;  // "Example Networks Example VPN >= 9.0 < 9.4.2" or the CVE
  std::string fixed;     // the fixed version, when known
  std::string reason;    // "version 9.4.1 is affected", "version unknown", "CVE-... observed"
};

// `candidates`: the products on file with the advisory products' names (and the CVEs').
std::vector<VulnMatch> MatchAdvisory(const std::vector<AdvisoryProduct>& affected,
                                     const std::vector<std::string>& cves,
                                     const std::vector<ConstituentProduct>& candidates);

// "cpe:2.3:a:example:vpn:..." -> {"example", "vpn"}; {"", ""} when not a CPE.
std::pair<std::string, std::string> CpeVendorProduct(const std::string& cpe);

}  // namespace belfry
