#pragma once
// What the constituents run: products declared by an organisation (CSV import, the API and
// the portal) or observed on its hosts by a feed (Shadowserver's product.* fields), and the
// vulnerability match of an advisory against them.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace belfry {

struct ConstituentProduct {
  int64_t id = 0;
  std::string organisation;  // constituency handle
  std::string vendor, product, version;  // version "" = unknown
  std::string cpe;
  std::string source;  // "declared" or "observed:<feed>"
  std::vector<std::string> cves;  // observed on the host (product.vulnerabilities)
  int64_t updated = 0;
};

// Names compared without case, punctuation or repeated spaces ("Example-VPN" = "example vpn").
std::string NormalizeProductName(std::string_view name);

}  // namespace belfry
