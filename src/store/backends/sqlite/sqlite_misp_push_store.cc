// The MISP sync's push records (share/misp_push_store.h) in the tracker's database.

#include <fmt/format.h>

#include "store/backends/sqlite/sqlite_ticket_rows.h"
#include "store/backends/sqlite/sqlite_ticket_store.h"

namespace belfry {

namespace {

using ticket_rows::ForRows;

constexpr const char* kColumns =
    "ticket, event_uuid, state, wanted, pushed, attempts, next_attempt, pushed_at, remote_id, "
    "last_error";

MispPush ReadPush(const SqliteStmt& s) {
  MispPush p;
  p.ticket = s.Int(0);
  p.event_uuid = s.Text(1);
  p.state = s.Text(2);
  p.wanted = s.Text(3);
  p.pushed = s.Text(4);
  p.attempts = s.Int(5);
  p.next_attempt = s.Int(6);
  p.pushed_at = s.Int(7);
  p.remote_id = s.Text(8);
  p.last_error = s.Text(9);
  return p;
}

}  // namespace

Status SqliteTicketStore::SaveMispPush(const MispPush& p) {
  auto own = OwnTransaction();
  if (!own) return Fail(own.error());
  auto st = db_->Prepare(fmt::format("INSERT OR REPLACE INTO misp_pushes({}) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                     kColumns));
  if (!st) return Fail(st.error());
  st->BindInt(1, p.ticket);
  st->BindText(2, p.event_uuid);
  st->BindText(3, p.state);
  st->BindText(4, p.wanted);
  st->BindText(5, p.pushed);
  st->BindInt(6, p.attempts);
  st->BindInt(7, p.next_attempt);
  st->BindInt(8, p.pushed_at);
  st->BindText(9, p.remote_id);
  st->BindText(10, p.last_error);
  BELFRY_RETURN_IF_ERROR(st->Run());
  if (*own) BELFRY_RETURN_IF_ERROR((*own)->Commit());
  return Ok();
}

Result<std::optional<MispPush>> SqliteTicketStore::GetMispPush(int64_t ticket) {
  auto st = db_->Prepare(fmt::format("SELECT {} FROM misp_pushes WHERE ticket = ?", kColumns));
  if (!st) return Fail(st.error());
  st->BindInt(1, ticket);
  std::optional<MispPush> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](const SqliteStmt& s) { out = ReadPush(s); }));
  return out;
}

Result<std::vector<MispPush>> SqliteTicketStore::ListMispPushes() {
  auto st = db_->Prepare(fmt::format("SELECT {} FROM misp_pushes ORDER BY ticket", kColumns));
  if (!st) return Fail(st.error());
  std::vector<MispPush> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](const SqliteStmt& s) { out.push_back(ReadPush(s)); }));
  return out;
}

Result<std::vector<MispPush>> SqliteTicketStore::DueMispPushes(int64_t now, size_t limit) {
  auto st = db_->Prepare(fmt::format("SELECT {} FROM misp_pushes WHERE state = 'pending' AND "
                                     "next_attempt <= ? ORDER BY next_attempt, ticket LIMIT ?",
                                     kColumns));
  if (!st) return Fail(st.error());
  st->BindInt(1, now);
  st->BindInt(2, static_cast<int64_t>(limit));
  std::vector<MispPush> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](const SqliteStmt& s) { out.push_back(ReadPush(s)); }));
  return out;
}

}  // namespace belfry
