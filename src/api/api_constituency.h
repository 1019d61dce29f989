#pragma once
// /api/v1/organisations (list, one with its networks, contacts and open investigations, the
// organisation's own contacts that the portal manages), /api/v1/lookup (whose is this?).
// A constituent sees only its own organisation.

#include "api/api_context.h"
#include "web/router.h"

namespace belfry {

void AddConstituencyRoutes(Router* router, ApiContext* ctx);

}  // namespace belfry
