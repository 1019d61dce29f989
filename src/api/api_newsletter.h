#pragma once
// The newsletter on the server, for the public (no account): /newsletter/ (the subscription
// form and the archive), POST /newsletter/subscribe (a confirmation mail; the same answer
// whether or not the address was known), /newsletter/confirm and /newsletter/unsubscribe
// (GET shows a button, POST acts: RFC 8058's one-click POST carries
// "List-Unsubscribe=One-Click"), and the archived issues below /newsletter/.

#include "api/api_context.h"
#include "web/router.h"

namespace belfry {

void AddNewsletterRoutes(Router* router, ApiContext* ctx);

}  // namespace belfry
