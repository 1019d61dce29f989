#pragma once
// The tracker's mail verbs: `belfry mail-gateway` (stdin or --maildir), `belfry outbox
// list|send|retry`, and `ticket link-events` (events found by search, or carried by abuse
// reports in mail, linked to a ticket).

#include "app/ticket_commands.h"

namespace belfry {

int RunMailGateway(const TicketCli& cli, Services& services);
int RunOutbox(const TicketCli& cli, Services& services);
int RunLinkEvents(const TicketCli& cli, Services& services);
// `belfry run`'s watch of [mail] gateway_maildir: takes its new mail (log lines only).
void TakeGatewayMaildir(Services& services);

}  // namespace belfry
