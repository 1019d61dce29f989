#include "store/backends/sqlite/sqlite_ticket_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "core/text.h"
#include "model/ip_address.h"
#include "store/backends/sqlite/sqlite_ticket_rows.h"

namespace belfry {
namespace {

using ticket_rows::ForRows;
using ticket_rows::IdList;

constexpr const char* kTicketColumns =
    "id, queue, status, subject, requestors, owner, organisation, sector, classification, "
    "severity, severity_reason, tlp, tags, created, updated, response_due, due, "
    "first_response, resolved, merged_into, national, escalated_to, fingerprint, subject_tags, "
    "nis2_aware, nis2_early_warning, nis2_notification, nis2_final, nis2_responded";

std::string Join(const std::vector<std::string>& v, char sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out.push_back(sep);
    out += s;
  }
  return out;
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  while (!s.empty()) {
    size_t p = s.find(sep);
    std::string_view part = s.substr(0, p);
    if (!part.empty()) out.emplace_back(part);
    if (p == std::string_view::npos) break;
    s.remove_prefix(p + 1);
  }
  return out;
}

Ticket ReadTicket(const SqliteStmt& st) {
  Ticket t;
  int c = 0;
  t.id = st.Int(c++);
  t.queue = static_cast<Queue>(st.Int(c++));
  t.status = st.Text(c++);
  t.subject = st.Text(c++);
  t.requestors = Split(st.Text(c++), '\n');
  t.owner = st.Text(c++);
  t.organisation = st.Text(c++);
  t.sector = st.Text(c++);
  t.classification = st.Text(c++);
  t.severity = static_cast<int>(st.Int(c++));
  t.severity_reason = st.Text(c++);
  t.tlp = st.Text(c++);
  t.tags = Split(st.Text(c++), ',');
  t.created = st.Int(c++);
  t.updated = st.Int(c++);
  t.response_due = st.Int(c++);
  t.due = st.Int(c++);
  t.first_response = st.Int(c++);
  t.resolved = st.Int(c++);
  t.merged_into = st.Int(c++);
  t.national = st.Int(c++) != 0;
  t.escalated_to = st.Text(c++);
  t.fingerprint = st.Text(c++);
  t.subject_tags = st.Text(c++);
  t.nis2.aware = st.Int(c++);
  t.nis2.early_warning = st.Int(c++);
  t.nis2.notification = st.Int(c++);
  t.nis2.final_report = st.Int(c++);
  t.nis2.responded = st.Int(c++);
  return t;
}

// Binds a ticket's fields to ?1..?29 in kTicketColumns order (?1 = id) plus ?30 = active.
void BindTicket(SqliteStmt& st, const Ticket& t) {
  int c = 1;
  if (t.id)
    st.BindInt(c++, t.id);
  else
    st.BindNull(c++);
  st.BindInt(c++, static_cast<int64_t>(t.queue));
  st.BindText(c++, t.status);
  st.BindText(c++, t.subject);
  st.BindText(c++, Join(t.requestors, '\n'));
  st.BindText(c++, t.owner);
  st.BindText(c++, t.organisation);
  st.BindText(c++, t.sector);
  st.BindText(c++, t.classification);
  st.BindInt(c++, t.severity);
  st.BindText(c++, t.severity_reason);
  st.BindText(c++, t.tlp);
  st.BindText(c++, Join(t.tags, ','));
  st.BindInt(c++, t.created);
  st.BindInt(c++, t.updated);
  st.BindInt(c++, t.response_due);
  st.BindInt(c++, t.due);
  st.BindInt(c++, t.first_response);
  st.BindInt(c++, t.resolved);
  st.BindInt(c++, t.merged_into);
  st.BindInt(c++, t.national ? 1 : 0);
  st.BindText(c++, t.escalated_to);
  st.BindText(c++, t.fingerprint);
  st.BindText(c++, t.subject_tags);
  st.BindInt(c++, t.nis2.aware);
  st.BindInt(c++, t.nis2.early_warning);
  st.BindInt(c++, t.nis2.notification);
  st.BindInt(c++, t.nis2.final_report);
  st.BindInt(c++, t.nis2.responded);
  st.BindInt(c++, t.active() ? 1 : 0);
}

Status MigrateTicketSchema(SqliteDb& db) {
  auto txn = SqliteTransaction::Begin(db);
  if (!txn) return Fail(txn.error());
  BELFRY_RETURN_IF_ERROR(db.Exec(ticket_rows::kTicketSchema));
  auto st = db.Prepare("SELECT value FROM tracker_meta WHERE key = 'schema_version'");
  if (!st) return Fail(st.error());
  auto row = st->Step();
  if (!row) return Fail(row.error());
  if (*row) {
    auto v = ParseInt64(st->Text(0));
    if (!v || *v > kTicketSchemaVersion)
      return Fail(Error::Corruption(fmt::format(
          "database {} has tracker schema version {}, newer than this Belfry ({}); use a newer "
          "Belfry",
          db.path(), st->Text(0), kTicketSchemaVersion)));
    st = Result<SqliteStmt>(SqliteStmt());
    if (*v < kTicketSchemaVersion) {
      // 1 -> ... -> 5: the new tables were created above (kTicketSchema); nothing else changes.
      auto up = db.Prepare("UPDATE tracker_meta SET value = ? WHERE key = 'schema_version'");
      if (!up) return Fail(up.error());
      up->BindText(1, std::to_string(kTicketSchemaVersion));
      BELFRY_RETURN_IF_ERROR(up->Run());
    }
    return txn->Commit();
  }
  st = Result<SqliteStmt>(SqliteStmt());
  auto set = db.Prepare("INSERT INTO tracker_meta(key, value) VALUES ('schema_version', ?)");
  if (!set) return Fail(set.error());
  set->BindText(1, std::to_string(kTicketSchemaVersion));
  BELFRY_RETURN_IF_ERROR(set->Run());
  return txn->Commit();
}

}  // namespace

Result<std::unique_ptr<SqliteTicketStore>> SqliteTicketStore::Open(const std::string& path) {
  auto db = SqliteDb::Open(path);
  if (!db) return Fail(db.error());
  BELFRY_RETURN_IF_ERROR(
      (*db)->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF;"));
  BELFRY_RETURN_IF_ERROR(MigrateTicketSchema(**db));
  return std::unique_ptr<SqliteTicketStore>(new SqliteTicketStore(std::move(*db)));
}

Result<SqliteStmt*> SqliteTicketStore::Cached(int slot, const char* sql) {
  if (cache_.size() <= static_cast<size_t>(slot)) cache_.resize(static_cast<size_t>(slot) + 1);
  auto& s = cache_[static_cast<size_t>(slot)];
  if (!s) {
    auto st = db_->Prepare(sql);
    if (!st) return Fail(st.error());
    s = std::move(*st);
  }
  s->Reset();
  return &*s;
}

Result<std::optional<SqliteTransaction>> SqliteTicketStore::OwnTransaction() {
  if (txn_) return std::optional<SqliteTransaction>();
  auto t = SqliteTransaction::Begin(*db_);
  if (!t) return Fail(t.error());
  return std::optional<SqliteTransaction>(std::move(*t));
}

Status SqliteTicketStore::Begin() {
  auto t = SqliteTransaction::Begin(*db_);
  if (!t) return Fail(t.error());
  txn_.emplace(std::move(*t));
  return Ok();
}

Status SqliteTicketStore::Commit() {
  if (!txn_) return Ok();
  Status s = txn_->Commit();
  txn_.reset();
  return s;
}

void SqliteTicketStore::Rollback() { txn_.reset(); }

Result<int64_t> SqliteTicketStore::CreateTicket(const Ticket& t) {
  auto st = Cached(2, fmt::format("INSERT INTO tickets({}, active) VALUES (?1, ?2, ?3, ?4, ?5, "
                                  "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
                                  "?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30)",
                                  kTicketColumns)
                          .c_str());
  if (!st) return Fail(st.error());
  BindTicket(**st, t);
  BELFRY_RETURN_IF_ERROR((*st)->Run());
  Ticket stored = t;
  stored.id = db_->LastInsertRowid();
  BELFRY_RETURN_IF_ERROR(Count(nullptr, &stored));
  return stored.id;
}

Status SqliteTicketStore::UpdateTicket(const Ticket& t) {
  auto before = GetTicket(t.id);
  if (!before) return Fail(before.error());
  if (!*before) return Fail(Error::NotFound(fmt::format("no ticket #{}", t.id)));
  auto st = Cached(3,
                   "UPDATE tickets SET queue = ?2, status = ?3, subject = ?4, requestors = ?5, "
                   "owner = ?6, organisation = ?7, sector = ?8, classification = ?9, "
                   "severity = ?10, severity_reason = ?11, tlp = ?12, tags = ?13, created = ?14, "
                   "updated = ?15, response_due = ?16, due = ?17, first_response = ?18, "
                   "resolved = ?19, merged_into = ?20, national = ?21, escalated_to = ?22, "
                   "fingerprint = ?23, subject_tags = ?24, nis2_aware = ?25, "
                   "nis2_early_warning = ?26, nis2_notification = ?27, nis2_final = ?28, "
                   "nis2_responded = ?29, active = ?30 WHERE id = ?1");
  if (!st) return Fail(st.error());
  BindTicket(**st, t);
  BELFRY_RETURN_IF_ERROR((*st)->Run());
  return Count(&**before, &t);
}

Result<std::optional<Ticket>> SqliteTicketStore::GetTicket(int64_t id) {
  auto st = Cached(4, fmt::format("SELECT {} FROM tickets WHERE id = ?", kTicketColumns).c_str());
  if (!st) return Fail(st.error());
  (*st)->BindInt(1, id);
  auto row = (*st)->Step();
  if (!row) return Fail(row.error());
  std::optional<Ticket> out;
  if (*row) out = ReadTicket(**st);
  (*st)->Reset();
  return out;
}

Result<std::vector<Ticket>> SqliteTicketStore::ListTickets(const TicketFilter& f) {
  std::string where = "1";
  if (f.queue) where += " AND queue = :queue";
  if (!f.status.empty()) where += " AND status = :status";
  if (f.active_only || f.overdue) where += " AND active = 1";
  if (f.overdue)
    // The NIS2 terms are ticket/ticket.h's Nis2Deadlines in SQL: 24 h, 72 h, one month after
    // the notification, our response 24 h after the early warning.
    where += " AND ((due <> 0 AND due < :now) OR (response_due <> 0 AND first_response = 0 "
             "AND response_due < :now) OR (nis2_aware <> 0 AND ("
             "(nis2_early_warning = 0 AND nis2_aware + 86400 < :now) OR "
             "(nis2_notification = 0 AND nis2_aware + 259200 < :now) OR "
             "(nis2_final = 0 AND coalesce(nullif(nis2_notification, 0), nis2_aware + 259200) "
             "+ 2592000 < :now) OR "
             "(nis2_responded = 0 AND coalesce(nullif(nis2_early_warning, 0), nis2_aware) + 86400 "
             "< :now))))";
  if (!f.owner.empty()) where += " AND owner = :owner";
  if (!f.organisation.empty()) where += " AND organisation = :org";
  if (!f.include_merged) where += " AND merged_into = 0";
  if (f.before_id) where += " AND id < :before";
  auto st = db_->Prepare(fmt::format("SELECT {} FROM tickets WHERE {} ORDER BY id DESC LIMIT :limit",
                                     kTicketColumns, where));
  if (!st) return Fail(st.error());
  auto bind_text = [&](const char* name, const std::string& v) {
    if (int i = st->ParamIndex(name)) st->BindText(i, v);
  };
  auto bind_int = [&](const char* name, int64_t v) {
    if (int i = st->ParamIndex(name)) st->BindInt(i, v);
  };
  if (f.queue) bind_int(":queue", static_cast<int64_t>(*f.queue));
  bind_text(":status", f.status);
  bind_int(":now", f.now);
  bind_text(":owner", f.owner);
  bind_text(":org", f.organisation);
  bind_int(":before", f.before_id);
  bind_int(":limit", static_cast<int64_t>(f.limit));
  std::vector<Ticket> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) { out.push_back(ReadTicket(s)); }));
  return out;
}

Result<std::vector<int64_t>> SqliteTicketStore::MergedInto(int64_t id) {
  auto st = Cached(5, "SELECT id FROM tickets WHERE merged_into = ? ORDER BY id");
  if (!st) return Fail(st.error());
  (*st)->BindInt(1, id);
  std::vector<int64_t> out;
  BELFRY_RETURN_IF_ERROR(ForRows(**st, [&](SqliteStmt& s) { out.push_back(s.Int(0)); }));
  return out;
}

Result<std::optional<int64_t>> SqliteTicketStore::FindActiveByFingerprint(
    Queue queue, const std::string& fp) {
  auto st = Cached(39,
                   // The fingerprint's partial index, not tickets_queue: "fingerprint <> ''"
                   // makes it usable, the unary + keeps the planner off the other one.
                   "SELECT id FROM tickets WHERE fingerprint = ?1 AND fingerprint <> '' AND "
                   "+active = 1 AND merged_into = 0 AND +queue = ?2 ORDER BY id DESC LIMIT 1");
  if (!st) return Fail(st.error());
  (*st)->BindText(1, fp);
  (*st)->BindInt(2, static_cast<int64_t>(queue));
  std::optional<int64_t> out;
  BELFRY_RETURN_IF_ERROR(ForRows(**st, [&](SqliteStmt& s) { out = s.Int(0); }));
  return out;
}

Result<std::optional<int64_t>> SqliteTicketStore::FindReportByFingerprint(const std::string& fp,
                                                                          int64_t since) {
  auto st = Cached(6,
                   "SELECT id FROM tickets WHERE fingerprint = ?1 AND fingerprint <> '' AND "
                   "created >= ?2 AND "
                   "active = 1 AND merged_into = 0 AND queue = 0 ORDER BY created DESC LIMIT 1");
  if (!st) return Fail(st.error());
  (*st)->BindText(1, fp);
  (*st)->BindInt(2, since);
  std::optional<int64_t> out;
  BELFRY_RETURN_IF_ERROR(ForRows(**st, [&](SqliteStmt& s) { out = s.Int(0); }));
  return out;
}

Result<std::vector<Ticket>> SqliteTicketStore::Overdue(int64_t now, size_t limit) {
  TicketFilter f;
  f.overdue = true;
  f.now = now;
  f.limit = limit;
  return ListTickets(f);
}

Status SqliteTicketStore::Link(int64_t incident, int64_t child) {
  auto st = Cached(7, "INSERT OR IGNORE INTO ticket_links(incident, child) VALUES (?, ?)");
  if (!st) return Fail(st.error());
  (*st)->BindInt(1, incident);
  (*st)->BindInt(2, child);
  return (*st)->Run();
}

Status SqliteTicketStore::Unlink(int64_t incident, int64_t child) {
  auto st = Cached(8, "DELETE FROM ticket_links WHERE incident = ? AND child = ?");
  if (!st) return Fail(st.error());
  (*st)->BindInt(1, incident);
  (*st)->BindInt(2, child);
  return (*st)->Run();
}

Result<std::vector<int64_t>> SqliteTicketStore::Children(int64_t incident) {
  auto st = Cached(9, "SELECT child FROM ticket_links WHERE incident = ? ORDER BY child");
  if (!st) return Fail(st.error());
  (*st)->BindInt(1, incident);
  std::vector<int64_t> out;
  BELFRY_RETURN_IF_ERROR(ForRows(**st, [&](SqliteStmt& s) { out.push_back(s.Int(0)); }));
  return out;
}

Result<std::vector<int64_t>> SqliteTicketStore::Parents(int64_t child) {
  auto st = Cached(10, "SELECT incident FROM ticket_links WHERE child = ? ORDER BY incident");
  if (!st) return Fail(st.error());
  (*st)->BindInt(1, child);
  std::vector<int64_t> out;
  BELFRY_RETURN_IF_ERROR(ForRows(**st, [&](SqliteStmt& s) { out.push_back(s.Int(0)); }));
  return out;
}

}  // namespace belfry
