#pragma once
// What the tracker's verbs share: who is acting, times and JSON as the CLI prints them, and
// delivering the outbox before a command returns.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ticket/ticket.h"
#include "ticket/ticket_json.h"
#include "ticket/ticket_config.h"

namespace belfry {

class Services;

// $BELFRY_USER, else $USER, else $LOGNAME, else "cli": the actor of audit rows.
std::string Actor();
std::string Tag(const TicketConfig& cfg, int64_t id);  // "[BELFRY #12]"
// A national incident: (handle, name) of every constituent organisation of the ticket's
// sector, to inform; empty when the ticket is not national or has no sector.
std::vector<std::pair<std::string, std::string>> SectorOrganisations(Services& s, const Ticket& t);
// Delivers what the outbox holds that is due, before a command returns; prints a summary
// on stderr. Exit code: 1 when a recipient failed or is uncertain.
int DeliverOutboxNow(Services& s, bool quiet_ok = false, bool ignore_backoff = false);
// The same for `belfry run`'s periodic tick: problems go to the log.
void DeliverQueuedMail(Services& services);

}  // namespace belfry
