#pragma once
// The tracker's verbs that show more than one ticket's row: `ticket show` (fields, links,
// correspondence, history), `ticket investigate` (who gets which lines) and `belfry stats`.

#include "app/ticket_commands.h"

namespace belfry {

int RunTicketShow(const TicketCli& cli, Services& services);
int RunTicketInvestigate(const TicketCli& cli, Services& services);
int RunStats(const TicketCli& cli, Services& services);

}  // namespace belfry
