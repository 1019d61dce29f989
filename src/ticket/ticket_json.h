#pragma once
// A ticket as JSON (keys in docs/TRACKER.md), and the small JSON helpers the CLI and the API
// share for tickets.

#include <cstdint>
#include <string>
#include <vector>

#include "ticket/investigator.h"
#include "ticket/ticket.h"
#include "ticket/ticket_config.h"

namespace belfry {

std::string Time(int64_t unix_seconds);  // ISO 8601 UTC, "" for 0
std::string JsonList(const std::vector<std::string>& v);
std::string JsonIds(const std::vector<int64_t>& v);
// Active and past a due time (SLA, first response or a NIS2 deadline).
bool Overdue(const Ticket& t, int64_t now);
// The JSON object of a ticket.
std::string TicketJson(const Ticket& t, const TicketConfig& cfg, int64_t now);

// Who gets which lines of an investigation (ticket investigate --json, the API).
std::string InvestigationPlanJson(const InvestigationPlan& plan, bool dry_run);

}  // namespace belfry
