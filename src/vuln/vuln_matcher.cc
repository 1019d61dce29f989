#include "vuln/vuln_matcher.h"

#include <fmt/format.h>

#include <set>

#include "core/text.h"
#include "publish/version_spec.h"

namespace belfry {

std::pair<std::string, std::string> CpeVendorProduct(const std::string& cpe) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= cpe.size(); ++i)
    if (i == cpe.size() || cpe[i] == ':') {
      parts.push_back(cpe.substr(start, i - start));
      start = i + 1;
    }
  if (parts.size() >= 5 && parts[0] == "cpe" && parts[1] == "2.3")
    return {NormalizeProductName(parts[3]), NormalizeProductName(parts[4])};
  if (parts.size() >= 4 && parts[0] == "cpe" && parts[1].rfind("/", 0) == 0)
    return {NormalizeProductName(parts[2]), NormalizeProductName(parts[3])};
  return {"", ""};
}

std::vector<VulnMatch> MatchAdvisory(const std::vector<AdvisoryProduct>& affected,
                                     const std::vector<std::string>& cves,
                                     const std::vector<ConstituentProduct>& candidates) {
  std::vector<VulnMatch> out;
  std::set<int64_t> seen;  // one match per product on file
  for (const auto& a : affected) {
    const std::string vendor = NormalizeProductName(a.vendor);
    const std::string product = NormalizeProductName(a.product);
    const auto cpe = CpeVendorProduct(a.cpe);
    auto spec = ParseVersionSpec(a.versions);
    if (!spec) continue;  // checked when the advisory was parsed
    const std::string label = fmt::format("{} {} {}", a.vendor, a.product,
                                          a.versions.empty() ? "(all versions)" : a.versions);
    for (const auto& c : candidates) {
      // The usual case first: the same spelling but for case.
      const bool same_spelling = EqualsIgnoreCase(c.vendor, a.vendor) &&
                                 EqualsIgnoreCase(c.product, a.product);
      const bool same = same_spelling ||
                        (NormalizeProductName(c.vendor) == vendor &&
                         NormalizeProductName(c.product) == product) ||
                        (!cpe.first.empty() && !c.cpe.empty() && cpe == CpeVendorProduct(c.cpe));
      if (!same || seen.count(c.id)) continue;
      if (!c.version.empty() && !spec->Matches(c.version)) continue;
      if (!c.version.empty() && !a.fixed.empty() && CompareVersions(c.version, a.fixed) >= 0)
        continue;
      seen.insert(c.id);
      out.push_back({c, label, a.fixed,
                     c.version.empty() ? "version unknown: check it"
                                       : fmt::format("version {} is affected", c.version)});
    }
  }
  for (const auto& cve : cves)
    for (const auto& c : candidates) {
      if (seen.count(c.id)) continue;
      for (const auto& observed : c.cves)
        if (observed == cve) {
          seen.insert(c.id);
          out.push_back({c, cve, "", fmt::format("{} observed on the host ({})", cve, c.source)});
          break;
        }
    }
  return out;
}

}  // namespace belfry
