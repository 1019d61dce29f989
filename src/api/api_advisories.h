#pragma once
// /api/v1/advisories: the team's publications for the console: list, show (with the source),
// write a draft, change it, and act on it (submit, approve, reject, publish now or at a time,
// revise, withdraw) through the same workflow as the CLI (publish/advisory_desk.h), the
// signed-in user as author, reviewer or actor. A TLP:RED advisory is shown only to the roles
// that may read RED.

#include "api/api_context.h"
#include "web/router.h"

namespace belfry {

void AddAdvisoryRoutes(Router* router, ApiContext* ctx);

}  // namespace belfry
