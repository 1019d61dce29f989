#include "ticket/ticket.h"

#include <algorithm>

#include "core/text.h"

namespace belfry {
namespace {

struct Lifecycle {
  std::vector<std::string_view> statuses;  // the first is the initial one
  std::vector<std::string_view> active;
};

const Lifecycle& LifecycleOf(Queue q) {
  static const Lifecycle kReports{{"new", "open", "resolved", "rejected"}, {"new", "open"}};
  static const Lifecycle kIncidents{{"open", "resolved", "abandoned"}, {"open"}};
  static const Lifecycle kInvestigations{{"open", "resolved"}, {"open"}};
  static const Lifecycle kCountermeasures{
      {"pending activation", "active", "pending removal", "removed"},
      {"pending activation", "active", "pending removal"}};
  switch (q) {
    case Queue::kReports: return kReports;
    case Queue::kIncidents: return kIncidents;
    case Queue::kInvestigations: return kInvestigations;
    case Queue::kCountermeasures: return kCountermeasures;
  }
  return kReports;
}

bool Contains(const std::vector<std::string_view>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

constexpr int64_t kHour = 3600;

}  // namespace

std::string_view QueueName(Queue q) {
  switch (q) {
    case Queue::kReports: return "reports";
    case Queue::kIncidents: return "incidents";
    case Queue::kInvestigations: return "investigations";
    case Queue::kCountermeasures: return "countermeasures";
  }
  return "reports";
}

std::string_view QueueTitle(Queue q) {
  switch (q) {
    case Queue::kReports: return "Incident Reports";
    case Queue::kIncidents: return "Incidents";
    case Queue::kInvestigations: return "Investigations";
    case Queue::kCountermeasures: return "Countermeasures";
  }
  return "Incident Reports";
}

std::optional<Queue> ParseQueue(std::string_view name) {
  std::string n = AsciiLowerCopy(TrimAscii(name));
  for (char& c : n)
    if (c == ' ' || c == '_') c = '-';
  if (n == "reports" || n == "report" || n == "incident-reports" || n == "incident-report" ||
      n == "ir")
    return Queue::kReports;
  if (n == "incidents" || n == "incident") return Queue::kIncidents;
  if (n == "investigations" || n == "investigation") return Queue::kInvestigations;
  if (n == "countermeasures" || n == "countermeasure" || n == "blocks")
    return Queue::kCountermeasures;
  return std::nullopt;
}

std::string_view InitialStatus(Queue q) { return LifecycleOf(q).statuses.front(); }
const std::vector<std::string_view>& Statuses(Queue q) { return LifecycleOf(q).statuses; }
bool IsValidStatus(Queue q, std::string_view s) { return Contains(LifecycleOf(q).statuses, s); }
bool IsActiveStatus(Queue q, std::string_view s) { return Contains(LifecycleOf(q).active, s); }

bool CanTransition(Queue q, std::string_view from, std::string_view to) {
  if (!IsValidStatus(q, from) || !IsValidStatus(q, to) || from == to) return false;
  if (q == Queue::kReports) {
    // new -> open happens by linking to an incident (or by hand); an ended report re-opens.
    if (to == "new") return false;
    return true;
  }
  if (q == Queue::kCountermeasures) {
    static const std::pair<std::string_view, std::string_view> kSteps[] = {
        {"pending activation", "active"},  {"pending activation", "removed"},
        {"active", "pending removal"},     {"active", "removed"},
        {"pending removal", "removed"},    {"pending removal", "active"},
        {"removed", "pending activation"}, {"removed", "active"}};
    for (auto [a, b] : kSteps)
      if (a == from && b == to) return true;
    return false;
  }
  return true;  // incidents and investigations: open <-> an end
}

std::string_view CascadeStatus(Queue child, std::string_view incident_status) {
  bool abandoned = incident_status == "abandoned";
  switch (child) {
    case Queue::kReports: return abandoned ? "rejected" : "resolved";
    case Queue::kInvestigations: return "resolved";
    case Queue::kCountermeasures: return "removed";
    case Queue::kIncidents: return incident_status;
  }
  return "resolved";
}

std::string_view DefaultEndStatus(Queue q) {
  return q == Queue::kCountermeasures ? "removed" : "resolved";
}

std::vector<Nis2Deadline> Nis2Deadlines(const Nis2Clock& c) {
  std::vector<Nis2Deadline> out;
  if (!c.active()) return out;
  out.push_back({"early warning", c.aware + 24 * kHour, c.early_warning});
  out.push_back({"incident notification", c.aware + 72 * kHour, c.notification});
  // One month after the notification (or after it was due, while it is missing).
  int64_t base = c.notification ? c.notification : c.aware + 72 * kHour;
  out.push_back({"final report", base + 30 * 24 * kHour, c.final_report});
  int64_t ew = c.early_warning ? c.early_warning : c.aware;
  out.push_back({"our response", ew + 24 * kHour, c.responded});
  return out;
}

std::string_view SeverityName(int severity, const std::vector<std::string>& labels) {
  if (severity < 1 || static_cast<size_t>(severity) > labels.size()) return "-";
  return labels[static_cast<size_t>(severity - 1)];
}

}  // namespace belfry
