#pragma once
// /api/v1/tickets: list, show, create, update, comment, reply, link, investigate, and a
// constituent's feedback (fixed, false positive) on its own investigation. Every change is
// a tracker operation: one transaction with its audit history, the signed-in user as actor.

#include "api/api_context.h"
#include "web/router.h"

namespace belfry {

void AddTicketRoutes(Router* router, ApiContext* ctx);

}  // namespace belfry
