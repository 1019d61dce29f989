#pragma once
// Signing in and out of the console: POST /api/v1/login, POST /api/v1/logout, GET /api/v1/me.

#include "api/api_context.h"
#include "web/router.h"

namespace belfry {

void AddSessionRoutes(Router* router, ApiContext* ctx);

}  // namespace belfry
