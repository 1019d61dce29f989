// The tracker's operations between tickets: links, reversible merges, and resolving an
// incident with its children by the lifecycle map.
#include <fmt/format.h>

#include <algorithm>

#include "ticket/tracker.h"

namespace belfry {

Status Tracker::LinkLocked(Ticket* incident, Ticket* child, const std::string& actor) {
  if (incident->queue != Queue::kIncidents)
    return Fail(Error::InvalidInput(
        fmt::format("ticket #{} is not an incident: links go from an incident to its reports, "
                    "investigations and countermeasures",
                    incident->id)));
  if (child->queue == Queue::kIncidents)
    return Fail(Error::InvalidInput(
        fmt::format("ticket #{} is an incident: merge incidents instead of linking them",
                    child->id)));
  if (child->queue == Queue::kInvestigations) {
    auto parents = store_->Parents(child->id);
    if (!parents) return Fail(parents.error());
    for (int64_t p : *parents) {
      if (p != incident->id)
        return Fail(Error::InvalidInput(fmt::format(
            "investigation #{} already belongs to incident #{}: an investigation has one "
            "incident",
            child->id, p)));
    }
  }
  BELFRY_RETURN_IF_ERROR(store_->Link(incident->id, child->id));
  BELFRY_RETURN_IF_ERROR(HistoryLocked(incident->id, actor, "link", "child", "",
                                       fmt::format("#{} ({})", child->id, QueueName(child->queue))));
  BELFRY_RETURN_IF_ERROR(HistoryLocked(child->id, actor, "link", "incident", "",
                                       fmt::format("#{}", incident->id)));
  // A report opens when it is linked to an incident (RTIR's "On Linking To Incident").
  if (child->queue == Queue::kReports && child->status == "new") {
    Ticket before = *child;
    child->status = "open";
    BELFRY_RETURN_IF_ERROR(SaveLocked(before, child, actor));
    BELFRY_RETURN_IF_ERROR(HistoryLocked(child->id, actor, "set", "status", "new", "open"));
  }
  // The incident takes the organisation its first report is about (an investigation's
  // organisation is the party mailed, not the incident's).
  if (incident->organisation.empty() && !child->organisation.empty() &&
      child->queue == Queue::kReports) {
    Ticket before = *incident;
    incident->organisation = child->organisation;
    incident->sector = child->sector;
    BELFRY_RETURN_IF_ERROR(SaveLocked(before, incident, actor));
  }
  return Ok();
}

Status Tracker::Link(int64_t incident_id, int64_t child_id, const std::string& actor) {
  return Transaction([&]() -> Status {
    auto ic = Canonical(incident_id);
    if (!ic) return Fail(ic.error());
    auto cc = Canonical(child_id);
    if (!cc) return Fail(cc.error());
    auto incident = Load(*ic);
    if (!incident) return Fail(incident.error());
    auto child = Load(*cc);
    if (!child) return Fail(child.error());
    // Either order: `link 12 7` and `link 7 12` mean the same.
    if (incident->queue != Queue::kIncidents && child->queue == Queue::kIncidents)
      std::swap(*incident, *child);
    return LinkLocked(&*incident, &*child, actor);
  });
}

Status Tracker::Unlink(int64_t incident_id, int64_t child_id, const std::string& actor) {
  return Transaction([&]() -> Status {
    auto parents = store_->Parents(child_id);
    if (!parents) return Fail(parents.error());
    if (std::find(parents->begin(), parents->end(), incident_id) == parents->end())
      return Fail(Error::NotFound(
          fmt::format("ticket #{} is not linked to incident #{}", child_id, incident_id)));
    auto child = Load(child_id);
    if (!child) return Fail(child.error());
    if (child->queue == Queue::kCountermeasures && parents->size() == 1)
      return Fail(Error::InvalidInput(fmt::format(
          "countermeasure #{} needs an incident: link it to another one first", child_id)));
    BELFRY_RETURN_IF_ERROR(store_->Unlink(incident_id, child_id));
    BELFRY_RETURN_IF_ERROR(
        HistoryLocked(incident_id, actor, "unlink", "child", fmt::format("#{}", child_id), ""));
    return HistoryLocked(child_id, actor, "unlink", "incident", fmt::format("#{}", incident_id),
                         "");
  });
}

Status Tracker::Merge(int64_t from_id, int64_t into_id, const std::string& actor) {
  return Transaction([&]() -> Status {
    auto fc = Canonical(from_id);
    if (!fc) return Fail(fc.error());
    auto ic = Canonical(into_id);
    if (!ic) return Fail(ic.error());
    if (*fc == *ic)
      return Fail(Error::InvalidInput(
          fmt::format("tickets #{} and #{} are already one ticket", from_id, into_id)));
    auto from = Load(*fc);
    if (!from) return Fail(from.error());
    auto into = Load(*ic);
    if (!into) return Fail(into.error());
    bool allowed = from->queue == into->queue ||
                   (from->queue == Queue::kReports && into->queue == Queue::kInvestigations);
    if (!allowed)
      return Fail(Error::InvalidInput(fmt::format(
          "cannot merge {} #{} into {} #{}: merges stay within a queue (or a report into an "
          "investigation)",
          QueueName(from->queue), from->id, QueueName(into->queue), into->id)));
    Ticket before = *from;
    from->merged_into = into->id;
    BELFRY_RETURN_IF_ERROR(SaveLocked(before, &*from, actor));
    BELFRY_RETURN_IF_ERROR(
        HistoryLocked(from->id, actor, "merge", "merged_into", "", fmt::format("#{}", into->id)));
    BELFRY_RETURN_IF_ERROR(
        HistoryLocked(into->id, actor, "merge", "merged", "", fmt::format("#{}", from->id)));
    // The target takes the union of correspondents and tags; single values stay its own.
    Ticket into_before = *into;
    for (const auto& r : from->requestors) AddUnique(&into->requestors, r);
    for (const auto& tag : from->tags) AddUnique(&into->tags, tag);
    if (into->severity == 0 || (from->severity && from->severity < into->severity))
      into->severity = from->severity;
    return SaveLocked(into_before, &*into, actor);
  });
}

Status Tracker::Unmerge(int64_t id, const std::string& actor) {
  return Transaction([&]() -> Status {
    auto t = Load(id);
    if (!t) return Fail(t.error());
    if (!t->merged_into)
      return Fail(Error::InvalidInput(fmt::format("ticket #{} is not merged", id)));
    Ticket before = *t;
    int64_t into = t->merged_into;
    t->merged_into = 0;
    BELFRY_RETURN_IF_ERROR(SaveLocked(before, &*t, actor));
    BELFRY_RETURN_IF_ERROR(
        HistoryLocked(id, actor, "unmerge", "merged_into", fmt::format("#{}", into), ""));
    return HistoryLocked(into, actor, "unmerge", "merged", fmt::format("#{}", id), "");
  });
}

Result<ResolveOutcome> Tracker::Resolve(int64_t id, const std::string& status_in,
                                        ChildPolicy policy, const std::string& actor) {
  ResolveOutcome out;
  BELFRY_RETURN_IF_ERROR(Transaction([&]() -> Status {
    auto t = Get(id);
    if (!t) return Fail(t.error());
    std::string status = status_in.empty() ? std::string(DefaultEndStatus(t->queue)) : status_in;
    if (!IsValidStatus(t->queue, status) || IsActiveStatus(t->queue, status))
      return Fail(Error::InvalidInput(fmt::format(
          "'{}' does not end a ticket of {} (ends: {})", status, QueueName(t->queue),
          t->queue == Queue::kReports         ? "resolved, rejected"
          : t->queue == Queue::kIncidents     ? "resolved, abandoned"
          : t->queue == Queue::kCountermeasures ? "removed"
                                              : "resolved")));
    std::vector<Ticket> active_children;
    if (t->queue == Queue::kIncidents) {
      auto children = store_->Children(t->id);
      if (!children) return Fail(children.error());
      for (int64_t c : *children) {
        auto ct = Get(c);
        if (ct && ct->active()) active_children.push_back(std::move(*ct));
      }
    }
    if (policy == ChildPolicy::kAsk && !active_children.empty()) {
      for (const auto& c : active_children) out.active_children.push_back(c.id);
      return Ok();
    }
    if (t->active()) {
      Ticket before = *t;
      t->status = status;
      BELFRY_RETURN_IF_ERROR(SaveLocked(before, &*t, actor));
      BELFRY_RETURN_IF_ERROR(HistoryLocked(t->id, actor, "set", "status", before.status, status));
      out.ended.push_back(t->id);
    }
    if (policy != ChildPolicy::kCascade) return Ok();
    for (Ticket& c : active_children) {
      // A child still under another active incident stays open (RTIR: it gets a comment).
      auto parents = store_->Parents(c.id);
      if (!parents) return Fail(parents.error());
      bool other_active = false;
      for (int64_t p : *parents) {
        if (p == t->id) continue;
        auto pt = Get(p);
        if (pt && pt->active()) other_active = true;
      }
      if (other_active) {
        out.kept.push_back(c.id);
        BELFRY_RETURN_IF_ERROR(HistoryLocked(
            c.id, actor, "comment", "", "",
            fmt::format("incident #{} {}; kept open for its other incident", t->id, status)));
        continue;
      }
      Ticket before = c;
      c.status = std::string(CascadeStatus(c.queue, status));
      BELFRY_RETURN_IF_ERROR(SaveLocked(before, &c, actor));
      BELFRY_RETURN_IF_ERROR(HistoryLocked(c.id, actor, "set", "status", before.status,
                                           fmt::format("{} (incident #{} {})", c.status, t->id,
                                                       status)));
      out.ended.push_back(c.id);
    }
    return Ok();
  }));
  return out;
}

}  // namespace belfry
