// The counters behind `belfry stats`, kept in the transaction that changes a ticket.
#include "store/backends/sqlite/sqlite_ticket_store.h"

#include <fmt/format.h>

#include <map>

#include "store/backends/sqlite/sqlite_ticket_rows.h"

namespace belfry {

using ticket_rows::ForRows;
using ticket_rows::IdList;
using ticket_rows::YearOf;

Status SqliteTicketStore::Count(const Ticket* before, const Ticket* after) {
  auto bump = [&](const Ticket& t, int64_t created, int64_t resolved) -> Status {
    auto st = Cached(0,
                     "INSERT INTO ticket_counts(year, queue, classification, sector, created, "
                     "resolved) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO UPDATE SET "
                     "created = created + ?5, resolved = resolved + ?6");
    if (!st) return Fail(st.error());
    int year = YearOf(created ? t.created : t.resolved);
    (*st)->BindInt(1, year);
    (*st)->BindText(2, QueueName(t.queue));
    (*st)->BindText(3, t.classification);
    (*st)->BindText(4, t.sector);
    (*st)->BindInt(5, created);
    (*st)->BindInt(6, resolved);
    return (*st)->Run();
  };
  const bool same_key = before && after && before->classification == after->classification &&
                        before->sector == after->sector && before->queue == after->queue;
  if (!same_key) {
    if (before) BELFRY_RETURN_IF_ERROR(bump(*before, -1, 0));
    if (after) BELFRY_RETURN_IF_ERROR(bump(*after, 1, 0));
    if (before && before->resolved) BELFRY_RETURN_IF_ERROR(bump(*before, 0, -1));
    if (after && after->resolved) BELFRY_RETURN_IF_ERROR(bump(*after, 0, 1));
  } else if (before->resolved != after->resolved) {
    if (before->resolved) BELFRY_RETURN_IF_ERROR(bump(*before, 0, -1));
    if (after->resolved) BELFRY_RETURN_IF_ERROR(bump(*after, 0, 1));
  }
  const int64_t old_fr = before ? before->first_response : 0;
  const int64_t new_fr = after ? after->first_response : 0;
  if (old_fr != new_fr) {
    auto minutes = [&](const Ticket& t) { return std::max<int64_t>(0, t.first_response - t.created) / 60; };
    auto st = Cached(1,
                     "INSERT INTO response_minutes(year, minutes, n) VALUES (?1, ?2, ?3) "
                     "ON CONFLICT DO UPDATE SET n = n + ?3");
    if (!st) return Fail(st.error());
    if (old_fr) {
      (*st)->BindInt(1, YearOf(before->created));
      (*st)->BindInt(2, minutes(*before));
      (*st)->BindInt(3, -1);
      BELFRY_RETURN_IF_ERROR((*st)->Run());
    }
    if (new_fr) {
      (*st)->BindInt(1, YearOf(after->created));
      (*st)->BindInt(2, minutes(*after));
      (*st)->BindInt(3, 1);
      BELFRY_RETURN_IF_ERROR((*st)->Run());
    }
  }
  return Ok();
}

Result<TicketStats> SqliteTicketStore::Stats(int year) {
  TicketStats out;
  auto st = db_->Prepare(
      "SELECT queue, classification, sector, created, resolved FROM ticket_counts WHERE year = ?");
  if (!st) return Fail(st.error());
  st->BindInt(1, year);
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) {
    std::string queue(s.Text(0));
    int64_t created = s.Int(3), resolved = s.Int(4);
    out.created[queue] += created;
    out.resolved[queue] += resolved;
    std::string cls(s.Text(1));
    std::string sector(s.Text(2));
    if (created) {
      out.by_classification[queue][cls.empty() ? "unclassified" : cls] += created;
      out.by_sector[queue][sector.empty() ? "none" : sector] += created;
    }
  }));
  for (auto* m : {&out.created, &out.resolved}) {
    for (auto it = m->begin(); it != m->end();) it = it->second == 0 ? m->erase(it) : ++it;
  }
  auto rt = db_->Prepare("SELECT minutes, n FROM response_minutes WHERE year = ? AND n > 0 "
                         "ORDER BY minutes");
  if (!rt) return Fail(rt.error());
  rt->BindInt(1, year);
  std::vector<std::pair<int64_t, int64_t>> hist;
  BELFRY_RETURN_IF_ERROR(ForRows(*rt, [&](SqliteStmt& s) {
    hist.emplace_back(s.Int(0), s.Int(1));
    out.responses += s.Int(1);
  }));
  if (out.responses > 0) {
    int64_t half = (out.responses + 1) / 2, seen = 0;
    for (auto [minutes, n] : hist) {
      seen += n;
      if (seen >= half) {
        out.median_response_seconds = minutes * 60;
        break;
      }
    }
  }
  return out;
}

}  // namespace belfry
