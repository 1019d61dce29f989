// The outbox: queued mail and each recipient's delivery state.
#include "store/backends/sqlite/sqlite_ticket_store.h"

#include <fmt/format.h>

#include <map>

#include "store/backends/sqlite/sqlite_ticket_rows.h"

namespace belfry {

using ticket_rows::ForRows;
using ticket_rows::IdList;
using ticket_rows::YearOf;

Result<int64_t> SqliteTicketStore::EnqueueMail(const OutboxMail& m) {
  auto st = Cached(20,
                   "INSERT INTO outbox(ticket_id, message_row, message_id, sender, raw, created, "
                   "attempt_started) VALUES (?, ?, ?, ?, ?, ?, 0)");
  if (!st) return Fail(st.error());
  (*st)->BindInt(1, m.ticket_id);
  (*st)->BindInt(2, m.message_row);
  (*st)->BindText(3, m.message_id);
  (*st)->BindText(4, m.sender);
  (*st)->BindBlob(5, m.raw);
  (*st)->BindInt(6, m.created);
  BELFRY_RETURN_IF_ERROR((*st)->Run());
  int64_t id = db_->LastInsertRowid();
  for (const auto& r : m.recipients) {
    OutboxRecipient copy = r;
    BELFRY_RETURN_IF_ERROR(UpdateRecipient(id, copy));
  }
  return id;
}

Status SqliteTicketStore::UpdateRecipient(int64_t id, const OutboxRecipient& r) {
  auto st = Cached(21,
                   "INSERT INTO outbox_recipients(outbox_id, address, state, attempts, "
                   "next_attempt, settled_at, last_error) VALUES (?, ?, ?, ?, ?, ?, ?) ON "
                   "CONFLICT DO UPDATE SET state = excluded.state, attempts = excluded.attempts, "
                   "next_attempt = excluded.next_attempt, settled_at = excluded.settled_at, "
                   "last_error = excluded.last_error");
  if (!st) return Fail(st.error());
  SqliteStmt& s = **st;
  s.BindInt(1, id);
  s.BindText(2, r.address);
  s.BindText(3, r.state);
  s.BindInt(4, r.attempts);
  s.BindInt(5, r.next_attempt);
  s.BindInt(6, r.settled_at);
  s.BindText(7, r.last_error);
  return s.Run();
}

Status SqliteTicketStore::MarkAttempt(int64_t id, int64_t started) {
  auto st = Cached(22, "UPDATE outbox SET attempt_started = ? WHERE id = ?");
  if (!st) return Fail(st.error());
  (*st)->BindInt(1, started);
  (*st)->BindInt(2, id);
  return (*st)->Run();
}

Result<bool> SqliteTicketStore::ClaimRecipient(int64_t id, const std::string& address,
                                               int64_t now, const std::string& claimant) {
  // One statement: SQLite runs writers one at a time, so exactly one claimant changes the row.
  auto st = Cached(23,
                   "UPDATE outbox_recipients SET state = 'sending', attempts = attempts + 1, "
                   "next_attempt = ?3, last_error = ?4 WHERE outbox_id = ?1 AND address = ?2 AND "
                   "state = 'pending'");
  if (!st) return Fail(st.error());
  (*st)->BindInt(1, id);
  (*st)->BindText(2, address);
  (*st)->BindInt(3, now);
  (*st)->BindText(4, claimant);
  BELFRY_RETURN_IF_ERROR((*st)->Run());
  return db_->Changes() == 1;
}

Result<std::vector<OutboxMail>> SqliteTicketStore::LoadMail(SqliteStmt& ids_stmt) {
  std::vector<int64_t> ids;
  BELFRY_RETURN_IF_ERROR(ForRows(ids_stmt, [&](SqliteStmt& s) { ids.push_back(s.Int(0)); }));
  std::vector<OutboxMail> out;
  if (ids.empty()) return out;
  auto st = db_->Prepare(fmt::format(
      "SELECT id, ticket_id, message_row, message_id, sender, raw, created, attempt_started "
      "FROM outbox WHERE id IN ({}) ORDER BY id",
      IdList(ids)));
  if (!st) return Fail(st.error());
  std::map<int64_t, size_t> index;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) {
    OutboxMail m;
    m.id = s.Int(0);
    m.ticket_id = s.Int(1);
    m.message_row = s.Int(2);
    m.message_id = s.Text(3);
    m.sender = s.Text(4);
    m.raw = s.Text(5);
    m.created = s.Int(6);
    m.attempt_started = s.Int(7);
    index[m.id] = out.size();
    out.push_back(std::move(m));
  }));
  auto rc = db_->Prepare(fmt::format(
      "SELECT outbox_id, address, state, attempts, next_attempt, settled_at, last_error FROM "
      "outbox_recipients WHERE outbox_id IN ({}) ORDER BY outbox_id, address",
      IdList(ids)));
  if (!rc) return Fail(rc.error());
  BELFRY_RETURN_IF_ERROR(ForRows(*rc, [&](SqliteStmt& s) {
    OutboxRecipient r;
    r.address = s.Text(1);
    r.state = s.Text(2);
    r.attempts = static_cast<int>(s.Int(3));
    r.next_attempt = s.Int(4);
    r.settled_at = s.Int(5);
    r.last_error = s.Text(6);
    auto it = index.find(s.Int(0));
    if (it != index.end()) out[it->second].recipients.push_back(std::move(r));
  }));
  return out;
}

Result<std::optional<OutboxMail>> SqliteTicketStore::GetMail(int64_t id) {
  auto st = db_->Prepare("SELECT id FROM outbox WHERE id = ?");
  if (!st) return Fail(st.error());
  st->BindInt(1, id);
  auto mails = LoadMail(*st);
  if (!mails) return Fail(mails.error());
  if (mails->empty()) return std::optional<OutboxMail>();
  return std::optional<OutboxMail>(std::move(mails->front()));
}

Result<std::vector<OutboxMail>> SqliteTicketStore::DueMail(int64_t now, size_t limit) {
  auto st = db_->Prepare(
      "SELECT id FROM (SELECT outbox_id AS id FROM outbox_recipients WHERE (state = 'pending' "
      "AND next_attempt <= ?1) OR state = 'sending' UNION SELECT id FROM outbox WHERE "
      "attempt_started <> 0) "
      "ORDER BY id LIMIT ?2");
  if (!st) return Fail(st.error());
  st->BindInt(1, now);
  st->BindInt(2, static_cast<int64_t>(limit));
  return LoadMail(*st);
}

Result<std::vector<OutboxMail>> SqliteTicketStore::ListMail(const std::string& state,
                                                            size_t limit) {
  auto st = state.empty()
                ? db_->Prepare("SELECT id FROM outbox ORDER BY id DESC LIMIT ?2")
                : db_->Prepare(
                      "SELECT DISTINCT outbox_id FROM outbox_recipients WHERE state = ?1 "
                      "ORDER BY outbox_id DESC LIMIT ?2");
  if (!st) return Fail(st.error());
  if (!state.empty()) st->BindText(1, state);
  st->BindInt(2, static_cast<int64_t>(limit));
  return LoadMail(*st);
}

}  // namespace belfry

namespace belfry {

Result<std::map<std::string, int64_t>> SqliteTicketStore::SentPerDomainSince(int64_t since) {
  auto st = Cached(24,
                   "SELECT lower(substr(address, instr(address, '@') + 1)), count(*) FROM "
                   "outbox_recipients WHERE state = 'sent' AND settled_at >= ? GROUP BY 1");
  if (!st) return Fail(st.error());
  (*st)->BindInt(1, since);
  std::map<std::string, int64_t> out;
  BELFRY_RETURN_IF_ERROR(ticket_rows::ForRows(
      **st, [&](SqliteStmt& s) { out[std::string(s.Text(0))] = s.Int(1); }));
  return out;
}

}  // namespace belfry
