#pragma once
// Sharing over the API (docs/SHARING.md): GET /api/v1/share/{format}?for=RECIPIENT with
// ticket=ID or the filters of /api/v1/events; the document (MISP, STIX 2.1, IODEF v2,
// X-ARF v4) as `belfry export` writes it, every event checked by the TLP policy. Analysts
// only: sharing is an act the ticket's history records.

#include "api/api_context.h"
#include "web/router.h"

namespace belfry {

void AddShareRoutes(Router* router, ApiContext* ctx);

}  // namespace belfry
