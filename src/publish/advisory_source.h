#pragma once
// An advisory as analysts write it: Markdown with a TOML front matter between `+++` lines.
//
//   +++
//   title = "Critical vulnerability in Example VPN appliances"
//   audience = "pro"            # pro | citizen
//   kind = "advisory"           # advisory | recommendation | warning
//   lang = "en"                 # nl | fr | en | de
//   tlp = "CLEAR"
//   severity = "critical"       # low | medium | high | critical
//   cves = ["CVE-2026-12345"]
//   cvss = ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"]
//   references = ["https://vendor.example/psirt/2026-001"]
//   [[products]]
//   vendor = "Example"
//   product = "Example VPN"
//   versions = "< 9.4.2"       # publish/version_spec.h
//   fixed = "9.4.2"
//   cpe = "cpe:2.3:a:example:vpn:*:*:*:*:*:*:*:*"
//   +++
//   Markdown body ...
//
// Pure: text in, a checked value or an error naming the line or key out. CVSS vectors are
// scored here (publish/cvss.h): a score is never typed.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/tlp.h"
#include "publish/cvss.h"

namespace belfry {

struct AdvisoryProduct {
  std::string vendor, product;
  std::string versions;  // the affected ones (publish/version_spec.h), "" = every version
  std::string fixed;     // the first fixed version, "" = none known
  std::string cpe, purl;
};

struct AdvisorySource {
  std::string title;
  std::string audience = "pro";
  std::string kind = "advisory";
  std::string lang = "en";
  Tlp tlp = Tlp::kClear;
  std::string severity;  // "" when not given
  std::vector<std::string> cves;
  std::vector<CvssScore> cvss;
  std::vector<AdvisoryProduct> products;
  std::vector<std::string> references;
  std::string body;  // Markdown
};

// `name` names the source in errors ("advisory.md").
Result<AdvisorySource> ParseAdvisorySource(std::string_view text, std::string_view name);

}  // namespace belfry
