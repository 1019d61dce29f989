#pragma once
// A vendor's CSAF advisories through its ROLIE feed (RFC 8322, as CSAF 2.0 section 7.1.20
// uses it): `source = "rolie:https://psirt.example.com/.well-known/csaf/provider-metadata.json"`
// (every feed the provider lists) or the URL of one feed. Each run fetches the feed (a
// conditional GET), then each entry not seen before (its URL and `updated`), checking the
// `.sha512` the entry links to when there is one; every document is one delivery, which the
// `csaf` parser's feed imports into the vulnerability catalogue.

#include <string>
#include <string_view>
#include <vector>

#include "collect/source.h"
#include "collect/source_registry.h"
#include "core/result.h"

namespace belfry {

struct RolieEntry {
  std::string id;
  std::string url;      // the document (content.src, else the "self" link)
  std::string hash;     // the ".sha512" link, "" when none
  std::string updated;  // as given (RFC 3339)
};

// A ROLIE feed's entries (pure). Fails for JSON that is no ROLIE feed.
Result<std::vector<RolieEntry>> ParseRolieFeed(std::string_view json);
// The ROLIE feed URLs of a CSAF provider-metadata.json (pure); empty for another document.
std::vector<std::string> ProviderRolieFeeds(std::string_view json);

class RolieSource final : public Source {
 public:
  static SourceKind Kind();
  Status Collect(SourceContext& ctx, const DeliveryHandler& handle) override;
};

}  // namespace belfry
