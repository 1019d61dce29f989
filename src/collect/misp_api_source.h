#pragma once
// Events of a MISP instance, pulled through its REST API:
// `source = "misp-api:https://misp.example.org/?tags=tlp:clear,tlp:green&last=30d&org=!Us"` with
// `parser = "misp"` and the instance's key as `api_key` (or $BELFRY_MISP_API_KEY). Each run
// asks POST /events/restSearch for the events carrying one of the tags (and published within
// `last`, MISP's own filter, when given; `org` passes MISP's creator filter, where "!NAME"
// leaves out what NAME - our own pushes - created), then hands over each event not seen in this version
// (its UUID and timestamp, recorded in the ledger) as one delivery.

#include <string>
#include <vector>

#include "collect/source.h"
#include "collect/source_registry.h"

namespace belfry {

struct MispApiQuery {
  std::string base;  // https://misp.example.org
  std::vector<std::string> tags;
  std::string last;  // "30d", "" = all
  std::vector<std::string> orgs;  // MISP's org filter: "!Example CERT" leaves our own out
};
// The location's parts (pure).
MispApiQuery ParseMispApiLocation(const std::string& location);

class MispApiSource final : public Source {
 public:
  static SourceKind Kind();
  Status Collect(SourceContext& ctx, const DeliveryHandler& handle) override;
};

}  // namespace belfry
