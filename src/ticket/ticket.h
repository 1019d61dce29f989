#pragma once
// The tracker's tickets: RTIR's four queues, each with its own lifecycle, and the status
// map that cascades an incident's end to its children (an abandoned incident rejects its
// reports, resolves its investigations, removes its countermeasures).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace belfry {

enum class Queue : uint8_t { kReports, kIncidents, kInvestigations, kCountermeasures };
inline constexpr Queue kAllQueues[] = {Queue::kReports, Queue::kIncidents,
                                       Queue::kInvestigations, Queue::kCountermeasures};

// "reports", "incidents", "investigations", "countermeasures".
std::string_view QueueName(Queue q);
// "Incident Reports", "Incidents", "Investigations", "Countermeasures".
std::string_view QueueTitle(Queue q);
// Also singular forms and "incident-reports".
std::optional<Queue> ParseQueue(std::string_view name);

std::string_view InitialStatus(Queue q);
const std::vector<std::string_view>& Statuses(Queue q);
bool IsValidStatus(Queue q, std::string_view status);
// Active statuses count for SLA and `--overdue`; inactive ones end a ticket.
bool IsActiveStatus(Queue q, std::string_view status);
// Whether `from` -> `to` is a step of the queue's lifecycle (re-opening included).
bool CanTransition(Queue q, std::string_view from, std::string_view to);
// The status a child of `child_queue` takes when its incident ends in `incident_status`
// (RTIR's lifecycle map): resolved -> resolved/resolved/removed, abandoned ->
// rejected/resolved/removed.
std::string_view CascadeStatus(Queue child_queue, std::string_view incident_status);
// The status an ending verb (`ticket resolve --status`) means when not given.
std::string_view DefaultEndStatus(Queue q);

// NIS2 (Directive (EU) 2022/2555, art. 23): the clock of a significant incident reported
// by an essential or important entity.
struct Nis2Clock {
  int64_t aware = 0;            // when the entity became aware
  int64_t early_warning = 0;    // received (0 = not yet); due aware + 24 h
  int64_t notification = 0;     // received; due aware + 72 h
  int64_t final_report = 0;     // received; due one month after the notification
  int64_t responded = 0;        // our initial response; due 24 h after the early warning
  bool active() const { return aware != 0; }
};

struct Nis2Deadline {
  std::string_view what;  // "early warning", "incident notification", "final report", "our response"
  int64_t due = 0;
  int64_t done = 0;  // 0 = outstanding
};
std::vector<Nis2Deadline> Nis2Deadlines(const Nis2Clock& clock);

struct Ticket {
  int64_t id = 0;
  Queue queue = Queue::kReports;
  std::string status;
  std::string subject;
  std::vector<std::string> requestors;  // correspondents: reporters, site admins, peers
  std::string owner;
  std::string organisation;  // constituency organisation handle
  std::string sector;        // the organisation's NIS2 sector, kept for statistics
  std::string classification;  // RSIT type ("system-compromise", ...)
  int severity = 0;            // 1 critical .. 4 low; 0 not set
  std::string severity_reason;  // the triage rule that proposed it
  std::string tlp = "AMBER";
  std::vector<std::string> tags;
  int64_t created = 0, updated = 0;
  int64_t response_due = 0;    // SLA: first response (0 = none)
  int64_t due = 0;             // SLA: resolution, or set by hand
  int64_t first_response = 0;  // first mail we sent on it
  int64_t resolved = 0;        // when it became inactive
  int64_t merged_into = 0;     // merged (reversibly) into that ticket
  bool national = false;       // national incident: every organisation of the sector informed
  std::string escalated_to;    // on-duty contact paged outside business hours
  std::string fingerprint;     // groups near-identical reports (mail_gateway)
  std::string subject_tags;    // peers' own subject tags, kept in our replies
  Nis2Clock nis2;

  bool active() const { return IsActiveStatus(queue, status); }
};

std::string_view SeverityName(int severity, const std::vector<std::string>& labels);

}  // namespace belfry
