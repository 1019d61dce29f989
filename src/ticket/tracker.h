#pragma once
// The tracker's operations: create, edit, link, merge and unmerge, comment, resolve with
// the lifecycle cascade, triage and SLA. Each operation is one store transaction that also
// writes its audit history (who, when, what); a failure leaves nothing behind.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "ticket/business_calendar.h"
#include "ticket/ticket_config.h"
#include "ticket/ticket_store.h"

namespace belfry {

// What triage needs to know about an organisation (from the constituency).
struct OrgFacts {
  std::string name, sector, entity_class;
};
using OrgFactsFn = std::function<std::optional<OrgFacts>(const std::string& handle)>;

// A ticket with everything merged into it, for `ticket show`.
struct TicketView {
  Ticket ticket;
  std::vector<int64_t> merged;    // tickets merged into it (recursively)
  std::vector<Ticket> parents;    // incidents it belongs to
  std::vector<Ticket> children;   // an incident's reports, investigations, countermeasures
  std::vector<TicketMessage> messages;
  std::vector<TicketObservable> observables;
  std::vector<HistoryEntry> history;
  std::vector<int64_t> events;
  std::vector<Nis2Deadline> nis2;
};

// How resolving an incident treats its active children.
enum class ChildPolicy { kCascade, kKeep, kAsk };

struct ResolveOutcome {
  std::vector<int64_t> ended;            // tickets that ended (the incident and children)
  std::vector<int64_t> active_children;  // kAsk: children left active; nothing changed
  std::vector<int64_t> kept;             // children kept open (still under another incident)
};

// Appends `value` unless `list` holds it (requestors, tags).
void AddUnique(std::vector<std::string>* list, const std::string& value);

class Tracker {
 public:
  Tracker(TicketStore* store, const TicketConfig& config, const BusinessCalendar& calendar,
          const Clock& clock, OrgFactsFn org_facts = nullptr);

  const TicketConfig& config() const { return config_; }
  TicketStore* store() { return store_; }
  int64_t now() const { return clock_.NowSeconds(); }

  // A new ticket: initial status, SLA due times, severity proposal (unless given), the
  // observables of `message` (when given, recorded as the first correspondence).
  Result<Ticket> Create(Ticket draft, const std::string& actor, TicketMessage* message = nullptr,
                        size_t hosts = 0);
  // The ticket `id` finally resolves to (following merges).
  Result<int64_t> Canonical(int64_t id);
  Result<Ticket> Get(int64_t id);  // the canonical ticket
  Result<TicketView> View(int64_t id);

  // One field by name: status, subject, owner, organisation, classification, severity,
  // tlp, due, requestors (+addr/-addr), tags (+tag/-tag), national, nis2-* clocks.
  // Lowering the TLP needs a `reason`, kept in the history: the reporter's label binds
  // everything derived from the report until an analyst records why it may go further.
  Status Set(int64_t id, const std::string& field, const std::string& value,
             const std::string& actor, const std::string& reason = "");
  Status Link(int64_t incident, int64_t child, const std::string& actor);
  Status Unlink(int64_t incident, int64_t child, const std::string& actor);
  // Merges `from` into `into` (same queue, or a report into an investigation). Reversible:
  // `from` keeps its own data and Unmerge gives it back.
  Status Merge(int64_t from, int64_t into, const std::string& actor);
  Status Unmerge(int64_t id, const std::string& actor);
  Status Comment(int64_t id, const std::string& text, const std::string& actor);
  Result<ResolveOutcome> Resolve(int64_t id, const std::string& status, ChildPolicy policy,
                                 const std::string& actor);
  Status AddObservable(int64_t id, const Observable& o, const std::string& actor);
  Status RemoveObservable(int64_t id, const Observable& o, const std::string& actor);

  // Inside an open transaction (the mail gateway and investigate compose these).
  // `observables`: the message's, when the caller already has them.
  Result<int64_t> AddMessageLocked(Ticket* t, TicketMessage m, const std::string& actor,
                                   const std::vector<Observable>* observables = nullptr);
  Status HistoryLocked(int64_t ticket, const std::string& actor, const std::string& action,
                       const std::string& field = "", const std::string& old_value = "",
                       const std::string& new_value = "");
  Status SaveLocked(const Ticket& before, Ticket* after, const std::string& actor);
  Status LinkLocked(Ticket* incident, Ticket* child, const std::string& actor);
  // `hosts`: distinct addresses the report is about, for triage (at least those of
  // `message`, which are counted here).
  Result<Ticket> CreateLocked(Ticket draft, const std::string& actor, TicketMessage* message,
                              size_t hosts);
  // Runs `fn` in one transaction.
  Status Transaction(const std::function<Status()>& fn);

  // Triage: the proposed severity and the rules that made it.
  std::pair<int, std::string> ProposeSeverity(const Ticket& t, size_t hosts) const;
  // Response and resolution due times for a ticket's severity, from `from`.
  std::pair<int64_t, int64_t> SlaDue(int severity, int64_t from) const;
  // Outside business hours a critical report pages the on-duty contact: the address, or ""
  // when nobody is to be paged.
  std::string OnDutyFor(const Ticket& t) const;

 private:
  // The distinct observables of a message's text and text attachments.
  static std::vector<Observable> MessageObservables(const TicketMessage& m);
  Status StoreObservablesLocked(int64_t ticket, const std::vector<Observable>& found);
  Result<Ticket> Load(int64_t id);

  TicketStore* store_;
  const TicketConfig& config_;
  const BusinessCalendar& calendar_;
  const Clock& clock_;
  OrgFactsFn org_facts_;
};

}  // namespace belfry
