#pragma once
// The published site on the server: /advisories/ (TLP:CLEAR pages for everyone; the others
// to logged-in users whose role the TLP allows), /feeds/ (Atom) and /.well-known/csaf/ (the
// CSAF provider), from [publish] site_dir.

#include "api/api_context.h"
#include "web/router.h"

namespace belfry {

void AddSiteRoutes(Router* router, ApiContext* ctx);

}  // namespace belfry
