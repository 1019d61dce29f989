#pragma once
// The rest of /api/v1: notifications (list, runs, failing contacts), inhibitions (a
// constituent's own within the portal's limits), stats, feeds and pipeline status, the
// dashboard, accounts and the audit (admins).

#include "api/api_context.h"
#include "web/router.h"

namespace belfry {

void AddOpsRoutes(Router* router, ApiContext* ctx);

}  // namespace belfry
