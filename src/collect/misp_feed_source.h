#pragma once
// A MISP feed, the layout MISP's feed export writes and MISP instances consume: a directory
// with manifest.json (each event's UUID with its info and timestamp) and one <uuid>.json per
// event. `source = "misp-feed:https://feeds.example.org/misp/"`, with `parser = "misp"`.
// Each run fetches the manifest, then each event new or changed since (its UUID and
// timestamp, recorded in the ledger), oldest first; every event file is one delivery.

#include <string>
#include <string_view>
#include <vector>

#include "collect/source.h"
#include "collect/source_registry.h"
#include "core/result.h"

namespace belfry {

struct MispFeedEntry {
  std::string uuid;
  std::string timestamp;  // Unix seconds, as MISP writes them
  std::string info;
};

// A manifest's events (pure). Fails for JSON that is no manifest; entries whose key is not a
// UUID are left out (they would name no file).
Result<std::vector<MispFeedEntry>> ParseMispManifest(std::string_view json);

class MispFeedSource final : public Source {
 public:
  static SourceKind Kind();
  Status Collect(SourceContext& ctx, const DeliveryHandler& handle) override;
};

}  // namespace belfry
