#pragma once
// `ticket investigate`: every address and host name a report or incident holds is looked up
// in the constituency, its evidence lines are grouped by the party responsible, and each
// party gets one Investigation (linked to the incident) and one mail in its language with
// only its own lines, credentials masked. Nothing outside the constituency reaches a
// constituent: a peer team's addresses go to the peer, the rest stays "unrouted" for the
// duty officer. Undated and stale evidence is flagged, and said plainly in the mail.

#include <cstdint>
#include <string>
#include <vector>

#include "constituency/constituency_index.h"
#include "ticket/ticket_mailer.h"
#include "ticket/tracker.h"

namespace belfry {

struct EvidenceSource {
  std::string name;  // "message #12", "attachment logs.txt"
  std::string text;
};

struct InvestigationTarget {
  RouteKind route = RouteKind::kUnrouted;
  std::string email;             // who is mailed ("" for triage and unrouted)
  std::string organisation;      // handle, or the peer team's name
  std::string organisation_name;
  std::string language;          // "" = unknown
  std::vector<std::string> networks;
  std::vector<std::string> observables;
  std::vector<std::string> lines;  // masked, with each source's header line first
  size_t evidence_lines = 0;       // lines with this party's observables
  size_t undated = 0;              // lines without a timestamp
  int64_t oldest = 0, newest = 0;  // of the dated lines
  bool stale = false;              // the newest dated line is older than the threshold
  int64_t investigation = 0;       // the Investigation opened (0: dry run, or not mailed)
  int64_t outbox = 0;
  std::string note;                // e.g. "already investigated as #41"

  bool mailed() const { return !email.empty(); }
};

struct InvestigationPlan {
  int64_t incident = 0;
  bool incident_created = false;
  std::vector<int64_t> reports;
  std::vector<InvestigationTarget> targets;  // constituents and peers first, then the rest
};

// The grouping alone (pure over the index): which party gets which lines.
InvestigationPlan PlanInvestigation(const std::vector<EvidenceSource>& sources,
                                    const ConstituencyIndex& index, int64_t now,
                                    int64_t stale_after_seconds);

struct InvestigateOptions {
  bool dry_run = false;
  std::string actor = "cli";
  int64_t stale_after_seconds = 30 * 86400;
};

Result<InvestigationPlan> Investigate(Tracker* tracker, TicketMailer* mailer,
                                      const ConstituencyIndex& index, int64_t ticket,
                                      const InvestigateOptions& options);

}  // namespace belfry
