#pragma once
// Every route of the API (/api/v1/...) and its OpenAPI 3 description at
// /api/v1/openapi.json (data/web/openapi.json, embedded; a test checks the two agree).

#include <string_view>

#include "api/api_context.h"
#include "web/router.h"

namespace belfry {

void AddApiRoutes(Router* router, ApiContext* ctx);
std::string_view OpenApiJson();

}  // namespace belfry
