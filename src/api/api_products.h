#pragma once
// What an organisation runs, for vulnerability management (docs/PUBLISHING.md): its
// products, declared in the portal by its own users or by the team, and those observed by
// feeds. /api/v1/organisations/{handle}/products: list, declare, remove.

#include "api/api_context.h"
#include "web/router.h"

namespace belfry {

void AddProductRoutes(Router* router, ApiContext* ctx);

}  // namespace belfry
