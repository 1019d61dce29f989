#include "api/api_routes.h"

#include "api/api_advisories.h"
#include "api/api_constituency.h"
#include "api/api_products.h"
#include "api/api_events.h"
#include "api/api_guard.h"
#include "api/api_ops.h"
#include "api/api_session.h"
#include "api/api_share.h"
#include "api/api_tickets.h"

extern const std::string_view kOpenApiJson;

namespace belfry {

std::string_view OpenApiJson() { return kOpenApiJson; }

void AddApiRoutes(Router* router, ApiContext* ctx) {
  AddSessionRoutes(router, ctx);
  AddEventRoutes(router, ctx);
  AddTicketRoutes(router, ctx);
  AddConstituencyRoutes(router, ctx);
  AddProductRoutes(router, ctx);
  AddOpsRoutes(router, ctx);
  AddAdvisoryRoutes(router, ctx);
  AddShareRoutes(router, ctx);
  router->Add("GET", "/api/v1/openapi.json", [](const WebRequest&) {
    WebResponse r;
    r.content_type = "application/json";
    r.body = std::string(kOpenApiJson);
    r.headers.emplace_back("Cache-Control", "public, max-age=300");
    return r;
  });
}

}  // namespace belfry
