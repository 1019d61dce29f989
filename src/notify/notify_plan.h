#pragma once
// The notifier's first half: from the pending events to the groups that become mails.
// Each event is checked (stale, TLP, recipient failing, rule exclusions, inhibitions), its
// recipient resolved (the routed contact, else another of the organisation's contacts
// when that one bounces; a peer team's address; a network's abuse contact), then grouped by
// (recipient, group key). A group is mailed when its period since the last mail to the same
// recipient and key has passed (at once for NIS2 entities and urgent types), when it has at
// least min_count events, and without the findings told less than `renotify` ago that did
// not change (new port, new vulnerability, severity up).

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "constituency/constituency_index.h"
#include "model/event.h"
#include "model/tlp.h"
#include "notify/event_formats.h"
#include "notify/notify_config.h"
#include "notify/notify_store.h"
#include "store/event_store.h"

namespace belfry {

struct NotifyRecipient {
  RouteKind route = RouteKind::kConstituent;
  std::string email;         // lowercase
  std::string organisation;  // handle, or the peer team's name ("" for a foreign network)
  std::string organisation_name;
  std::vector<std::string> languages;  // in the mail's order
  ContactFormat format;
  std::string pgp_fingerprint;
  std::string nis2;  // "essential" | "important" | ""
};

struct PlannedEvent {
  int64_t id = 0;
  Event event;
  std::string finding_key;
  FindingState finding;  // what this event tells about its finding
  std::optional<FindingState> told;  // what the recipient was last told about it
  bool repeat = false;   // a finding told before that changed (or is due again)
};

struct NotifyGroup {
  NotifyRecipient recipient;
  std::string classification;  // classification.type of its events
  std::string group_key;
  std::string template_name;
  Tlp tlp = Tlp::kClear;  // the strictest of its events
  std::vector<PlannedEvent> events;
  std::string rule;       // the rule that decided (Describe())
};

struct NotifyCounts {
  uint64_t stale = 0, tlp = 0, excluded = 0, inhibited = 0, repeats = 0, already_sent = 0;
  uint64_t held_period = 0, held_min_count = 0, held_failing = 0;
  uint64_t waiting_triage = 0, waiting_unrouted = 0, no_recipient = 0;
  uint64_t damaged = 0;
};

struct NotifyPlan {
  std::vector<NotifyGroup> groups;
  NotifyCounts counts;
  std::vector<int64_t> skip_ids;      // to be marked skipped (never mailed)
  std::vector<int64_t> notified_ids;  // already in the sent ledger: mark notified
};

struct PlanInputs {
  const NotifyConfig* config = nullptr;
  const std::vector<std::string>* default_languages = nullptr;
  const ConstituencyIndex* index = nullptr;
  NotifyStore* store = nullptr;  // read only here
  int64_t now = 0;
  // Templates that exist (the notifier checks once): "notify-<type>" is used when present.
  std::function<bool(const std::string& name)> has_template;
};

class NotifyPlanner {
 public:
  explicit NotifyPlanner(const PlanInputs& in);
  // Takes every pending event (in id order).
  void Add(PendingEvent& pending);
  // Groups, then applies the ledger, periods, findings and minimum counts.
  Result<NotifyPlan> Finish();

 private:
  const NotifyRule* RuleFor(const Event& e, const std::string& org) const;
  bool Inhibited(const Event& e, const std::string& org) const;
  std::optional<NotifyRecipient> RecipientFor(const Route& route);

  PlanInputs in_;
  std::vector<NotifyRule> rules_;
  std::vector<Inhibition> inhibitions_;
  std::set<std::string> failing_;
  std::map<std::string, std::optional<NotifyRecipient>> recipients_;  // by route
  struct Pending {
    NotifyGroup group;
    const NotifyRule* rule = nullptr;
  };
  std::map<std::pair<std::string, std::string>, Pending> groups_;  // (email, group key)
  NotifyPlan plan_;
  Status status_;
};

// The finding an event is about: "<type>|<identifier>|<host>" (host: IP, else FQDN/URL).
std::string FindingKey(const Event& e);
// What it says about it: port, vulnerabilities, severity.
FindingState FindingOf(const Event& e, int64_t now);
// Whether `now` is news against what was told: a new port or vulnerability, a higher
// severity, or `renotify` seconds since it was last told.
bool FindingIsNews(const FindingState& told, const FindingState& now, int64_t renotify);

}  // namespace belfry
