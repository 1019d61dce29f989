#pragma once
// GET /api/v1/events: search by ip, cidr, asn, type, feed, since, until, with keyset cursor
// pagination, as JSON (a page), JSON lines or CSV (exports). A constituent's search is
// always narrowed to its own organisation, and TLP is checked on every event.

#include "api/api_context.h"
#include "web/router.h"

namespace belfry {

void AddEventRoutes(Router* router, ApiContext* ctx);

}  // namespace belfry
