#include "store/backends/sqlite/sqlite_ticket_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "core/text.h"
#include "model/ip_address.h"

namespace belfry {
namespace {

constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS tracker_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS tickets(id INTEGER PRIMARY KEY, queue INTEGER NOT NULL, "
    "  status TEXT NOT NULL, active INTEGER NOT NULL, subject TEXT NOT NULL, "
    "  requestors TEXT NOT NULL, owner TEXT NOT NULL, organisation TEXT NOT NULL, "
    "  sector TEXT NOT NULL, classification TEXT NOT NULL, severity INTEGER NOT NULL, "
    "  severity_reason TEXT NOT NULL, tlp TEXT NOT NULL, tags TEXT NOT NULL, "
    "  created INTEGER NOT NULL, updated INTEGER NOT NULL, response_due INTEGER NOT NULL, "
    "  due INTEGER NOT NULL, first_response INTEGER NOT NULL, resolved INTEGER NOT NULL, "
    "  merged_into INTEGER NOT NULL, national INTEGER NOT NULL, escalated_to TEXT NOT NULL, "
    "  fingerprint TEXT NOT NULL, subject_tags TEXT NOT NULL, nis2_aware INTEGER NOT NULL, "
    "  nis2_early_warning INTEGER NOT NULL, nis2_notification INTEGER NOT NULL, "
    "  nis2_final INTEGER NOT NULL, nis2_responded INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS tickets_queue ON tickets(queue, active, id);"
    "CREATE INDEX IF NOT EXISTS tickets_status ON tickets(queue, status, id);"
    "CREATE INDEX IF NOT EXISTS tickets_owner ON tickets(owner, id);"
    "CREATE INDEX IF NOT EXISTS tickets_org ON tickets(organisation, id);"
    "CREATE INDEX IF NOT EXISTS tickets_merged ON tickets(merged_into) WHERE merged_into <> 0;"
    "CREATE INDEX IF NOT EXISTS tickets_due ON tickets(due) WHERE active = 1 AND due <> 0;"
    "CREATE INDEX IF NOT EXISTS tickets_response_due ON tickets(response_due) "
    "  WHERE active = 1 AND response_due <> 0 AND first_response = 0;"
    "CREATE INDEX IF NOT EXISTS tickets_fingerprint ON tickets(fingerprint, created) "
    "  WHERE fingerprint <> '';"
    "CREATE TABLE IF NOT EXISTS ticket_links(incident INTEGER NOT NULL, child INTEGER NOT NULL,"
    "  PRIMARY KEY(incident, child)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS ticket_links_child ON ticket_links(child);"
    "CREATE TABLE IF NOT EXISTS ticket_messages(id INTEGER PRIMARY KEY, ticket_id INTEGER NOT "
    "  NULL, direction TEXT NOT NULL, message_id TEXT NOT NULL, in_reply_to TEXT NOT NULL, "
    "  refs TEXT NOT NULL, sender TEXT NOT NULL, recipients TEXT NOT NULL, cc TEXT NOT NULL, "
    "  subject TEXT NOT NULL, at INTEGER NOT NULL, actor TEXT NOT NULL, body TEXT NOT NULL, "
    "  raw_sha256 TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS ticket_messages_ticket ON ticket_messages(ticket_id);"
    "CREATE INDEX IF NOT EXISTS ticket_messages_mid ON ticket_messages(message_id) "
    "  WHERE message_id <> '';"
    "CREATE INDEX IF NOT EXISTS ticket_messages_sha ON ticket_messages(raw_sha256) "
    "  WHERE raw_sha256 <> '';"
    "CREATE TABLE IF NOT EXISTS ticket_attachments(id INTEGER PRIMARY KEY, message INTEGER NOT "
    "  NULL, name TEXT NOT NULL, content_type TEXT NOT NULL, data BLOB NOT NULL);"
    "CREATE INDEX IF NOT EXISTS ticket_attachments_message ON ticket_attachments(message);"
    "CREATE TABLE IF NOT EXISTS ticket_observables(ticket_id INTEGER NOT NULL, type TEXT NOT "
    "  NULL, value TEXT NOT NULL, origin TEXT NOT NULL, ip_first BLOB, ip_last BLOB, "
    "  PRIMARY KEY(ticket_id, type, value)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS ticket_observables_ip ON ticket_observables(ip_first) "
    "  WHERE ip_first IS NOT NULL;"
    "CREATE INDEX IF NOT EXISTS ticket_observables_value ON ticket_observables(value);"
    "CREATE TABLE IF NOT EXISTS ticket_events(ticket_id INTEGER NOT NULL, event_id INTEGER NOT "
    "  NULL, PRIMARY KEY(ticket_id, event_id)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS ticket_history(id INTEGER PRIMARY KEY, ticket_id INTEGER NOT "
    "  NULL, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, field TEXT NOT "
    "  NULL, old_value TEXT NOT NULL, new_value TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS ticket_history_ticket ON ticket_history(ticket_id);"
    "CREATE TABLE IF NOT EXISTS outbox(id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL, "
    "  message_row INTEGER NOT NULL, message_id TEXT NOT NULL, sender TEXT NOT NULL, "
    "  raw BLOB NOT NULL, created INTEGER NOT NULL, attempt_started INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS outbox_attempt ON outbox(attempt_started) "
    "  WHERE attempt_started <> 0;"
    "CREATE TABLE IF NOT EXISTS outbox_recipients(outbox_id INTEGER NOT NULL, address TEXT NOT "
    "  NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt INTEGER NOT NULL, "
    "  settled_at INTEGER NOT NULL, last_error TEXT NOT NULL, PRIMARY KEY(outbox_id, address))"
    "  WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS outbox_recipients_due ON outbox_recipients(next_attempt) "
    "  WHERE state IN ('pending', 'sending');"
    "CREATE INDEX IF NOT EXISTS outbox_recipients_state ON outbox_recipients(state, outbox_id);"
    "CREATE TABLE IF NOT EXISTS ticket_counts(year INTEGER NOT NULL, queue TEXT NOT NULL, "
    "  classification TEXT NOT NULL, sector TEXT NOT NULL, created INTEGER NOT NULL, "
    "  resolved INTEGER NOT NULL, PRIMARY KEY(year, queue, classification, sector)) "
    "  WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS response_minutes(year INTEGER NOT NULL, minutes INTEGER NOT "
    "  NULL, n INTEGER NOT NULL, PRIMARY KEY(year, minutes)) WITHOUT ROWID;";

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

int YearOf(int64_t unix_seconds) {
  auto days = std::chrono::floor<std::chrono::days>(
      std::chrono::sys_seconds(std::chrono::seconds(unix_seconds)));
  return static_cast<int>(std::chrono::year_month_day(days).year());
}

template <class F>
Status ForRows(SqliteStmt& st, F&& fn) {
  for (;;) {
    auto row = st.Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    fn(st);
  }
  st.Reset();
  return Ok();
}

std::string IdList(const std::vector<int64_t>& ids) {
  // Integers only, formatted here: safe to splice (no text from outside reaches SQL).
  std::string out;
  for (int64_t id : ids) {
    if (!out.empty()) out.push_back(',');
    out += std::to_string(id);
  }
  return out.empty() ? "0" : out;
}

Status MigrateTicketSchema(SqliteDb& db) {
  auto txn = SqliteTransaction::Begin(db);
  if (!txn) return Fail(txn.error());
  BELFRY_RETURN_IF_ERROR(db.Exec(kSchema));
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

Result<std::optional<int64_t>> SqliteTicketStore::FindReportByFingerprint(const std::string& fp,
                                                                          int64_t since) {
  auto st = Cached(6,
                   "SELECT id FROM tickets WHERE fingerprint = ?1 AND created >= ?2 AND "
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

Result<int64_t> SqliteTicketStore::AddMessage(const TicketMessage& m) {
  auto st = Cached(11,
                   "INSERT INTO ticket_messages(ticket_id, direction, message_id, in_reply_to, "
                   "refs, sender, recipients, cc, subject, at, actor, body, raw_sha256) VALUES "
                   "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!st) return Fail(st.error());
  SqliteStmt& s = **st;
  s.BindInt(1, m.ticket_id);
  s.BindText(2, DirectionName(m.direction));
  s.BindText(3, m.message_id);
  s.BindText(4, m.in_reply_to);
  s.BindText(5, m.references);
  s.BindText(6, m.from);
  s.BindText(7, m.to);
  s.BindText(8, m.cc);
  s.BindText(9, m.subject);
  s.BindInt(10, m.at);
  s.BindText(11, m.actor);
  s.BindText(12, m.body);
  s.BindText(13, m.raw_sha256);
  BELFRY_RETURN_IF_ERROR(s.Run());
  int64_t id = db_->LastInsertRowid();
  for (const auto& a : m.attachments) {
    auto at = Cached(12,
                     "INSERT INTO ticket_attachments(message, name, content_type, data) "
                     "VALUES (?, ?, ?, ?)");
    if (!at) return Fail(at.error());
    (*at)->BindInt(1, id);
    (*at)->BindText(2, a.name);
    (*at)->BindText(3, a.content_type);
    (*at)->BindBlob(4, a.data);
    BELFRY_RETURN_IF_ERROR((*at)->Run());
  }
  return id;
}

Result<std::vector<TicketMessage>> SqliteTicketStore::Messages(const std::vector<int64_t>& tickets,
                                                               bool attachment_data) {
  auto st = db_->Prepare(fmt::format(
      "SELECT id, ticket_id, direction, message_id, in_reply_to, refs, sender, recipients, cc, "
      "subject, at, actor, body, raw_sha256 FROM ticket_messages WHERE ticket_id IN ({}) "
      "ORDER BY at, id",
      IdList(tickets)));
  if (!st) return Fail(st.error());
  std::vector<TicketMessage> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) {
    TicketMessage m;
    m.id = s.Int(0);
    m.ticket_id = s.Int(1);
    std::string_view d = s.Text(2);
    m.direction = d == "in"    ? MessageDirection::kInbound
                  : d == "out" ? MessageDirection::kOutbound
                               : MessageDirection::kComment;
    m.message_id = s.Text(3);
    m.in_reply_to = s.Text(4);
    m.references = s.Text(5);
    m.from = s.Text(6);
    m.to = s.Text(7);
    m.cc = s.Text(8);
    m.subject = s.Text(9);
    m.at = s.Int(10);
    m.actor = s.Text(11);
    m.body = s.Text(12);
    m.raw_sha256 = s.Text(13);
    out.push_back(std::move(m));
  }));
  if (out.empty()) return out;
  std::vector<int64_t> ids;
  for (const auto& m : out) ids.push_back(m.id);
  auto at = db_->Prepare(fmt::format(
      "SELECT message, id, name, content_type, {} FROM ticket_attachments WHERE message IN ({}) "
      "ORDER BY id",
      attachment_data ? "data" : "length(data)", IdList(ids)));
  if (!at) return Fail(at.error());
  std::map<int64_t, TicketMessage*> by_id;
  for (auto& m : out) by_id[m.id] = &m;
  BELFRY_RETURN_IF_ERROR(ForRows(*at, [&](SqliteStmt& s) {
    TicketAttachment a;
    a.id = s.Int(1);
    a.name = s.Text(2);
    a.content_type = s.Text(3);
    if (attachment_data)
      a.data = s.Text(4);
    else
      a.data.assign(static_cast<size_t>(0), '\0');
    auto it = by_id.find(s.Int(0));
    if (it != by_id.end()) it->second->attachments.push_back(std::move(a));
  }));
  return out;
}

Result<std::optional<int64_t>> SqliteTicketStore::TicketOfMessage(const std::string& message_id) {
  auto st = Cached(13,
                   "SELECT ticket_id FROM ticket_messages WHERE message_id = ? AND "
                   "message_id <> '' ORDER BY id LIMIT 1");
  if (!st) return Fail(st.error());
  (*st)->BindText(1, message_id);
  std::optional<int64_t> out;
  BELFRY_RETURN_IF_ERROR(ForRows(**st, [&](SqliteStmt& s) { out = s.Int(0); }));
  return out;
}

Result<bool> SqliteTicketStore::SeenInbound(const std::string& message_id,
                                            const std::string& sha256) {
  auto st = Cached(14,
                   "SELECT 1 FROM ticket_messages WHERE direction = 'in' AND ((message_id = ?1 "
                   "AND message_id <> '') OR (raw_sha256 = ?2 AND raw_sha256 <> '')) LIMIT 1");
  if (!st) return Fail(st.error());
  (*st)->BindText(1, message_id);
  (*st)->BindText(2, sha256);
  bool seen = false;
  BELFRY_RETURN_IF_ERROR(ForRows(**st, [&](SqliteStmt&) { seen = true; }));
  return seen;
}

Status SqliteTicketStore::AddObservable(const TicketObservable& o) {
  auto st = Cached(15,
                   "INSERT INTO ticket_observables(ticket_id, type, value, origin, ip_first, "
                   "ip_last) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
  if (!st) return Fail(st.error());
  SqliteStmt& s = **st;
  s.BindInt(1, o.ticket_id);
  s.BindText(2, ObservableTypeName(o.observable.type));
  s.BindText(3, o.observable.value);
  s.BindText(4, o.origin);
  if (o.observable.type == ObservableType::kIp) {
    auto ip = IpAddress::Parse(o.observable.value);
    if (ip) {
      s.BindBlob(5, ip->Key());
      s.BindBlob(6, ip->Key());
    }
  } else if (o.observable.type == ObservableType::kCidr) {
    auto net = IpNetwork::Parse(o.observable.value);
    if (net) {
      s.BindBlob(5, net->first().Key());
      s.BindBlob(6, net->last().Key());
    }
  }
  return s.Run();
}

Status SqliteTicketStore::RemoveObservable(int64_t ticket, const Observable& o) {
  auto st = Cached(16, "DELETE FROM ticket_observables WHERE ticket_id = ? AND type = ? AND value = ?");
  if (!st) return Fail(st.error());
  (*st)->BindInt(1, ticket);
  (*st)->BindText(2, ObservableTypeName(o.type));
  (*st)->BindText(3, o.value);
  return (*st)->Run();
}

Result<std::vector<TicketObservable>> SqliteTicketStore::Observables(
    const std::vector<int64_t>& tickets) {
  auto st = db_->Prepare(fmt::format(
      "SELECT ticket_id, type, value, origin FROM ticket_observables WHERE ticket_id IN ({}) "
      "ORDER BY type, value",
      IdList(tickets)));
  if (!st) return Fail(st.error());
  std::vector<TicketObservable> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) {
    auto type = ParseObservableType(s.Text(1));
    if (!type) return;
    TicketObservable o;
    o.ticket_id = s.Int(0);
    o.observable = Observable{*type, std::string(s.Text(2))};
    o.origin = s.Text(3);
    out.push_back(std::move(o));
  }));
  return out;
}

Result<std::vector<int64_t>> SqliteTicketStore::TicketsWithAddress(const std::string& first_key,
                                                                   const std::string& last_key,
                                                                   size_t limit) {
  auto st = Cached(17,
                   "SELECT DISTINCT ticket_id FROM ticket_observables WHERE ip_first IS NOT NULL "
                   "AND ip_first <= ?2 AND ip_last >= ?1 ORDER BY ticket_id DESC LIMIT ?3");
  if (!st) return Fail(st.error());
  (*st)->BindBlob(1, first_key);
  (*st)->BindBlob(2, last_key);
  (*st)->BindInt(3, static_cast<int64_t>(limit));
  std::vector<int64_t> out;
  BELFRY_RETURN_IF_ERROR(ForRows(**st, [&](SqliteStmt& s) { out.push_back(s.Int(0)); }));
  return out;
}

Status SqliteTicketStore::LinkEvents(int64_t ticket, const std::vector<int64_t>& event_ids) {
  for (int64_t e : event_ids) {
    auto st = Cached(18, "INSERT OR IGNORE INTO ticket_events(ticket_id, event_id) VALUES (?, ?)");
    if (!st) return Fail(st.error());
    (*st)->BindInt(1, ticket);
    (*st)->BindInt(2, e);
    BELFRY_RETURN_IF_ERROR((*st)->Run());
  }
  return Ok();
}

Result<std::vector<int64_t>> SqliteTicketStore::LinkedEvents(const std::vector<int64_t>& tickets) {
  auto st = db_->Prepare(fmt::format(
      "SELECT DISTINCT event_id FROM ticket_events WHERE ticket_id IN ({}) ORDER BY event_id",
      IdList(tickets)));
  if (!st) return Fail(st.error());
  std::vector<int64_t> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) { out.push_back(s.Int(0)); }));
  return out;
}

Status SqliteTicketStore::AddHistory(const HistoryEntry& h) {
  auto st = Cached(19,
                   "INSERT INTO ticket_history(ticket_id, at, actor, action, field, old_value, "
                   "new_value) VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!st) return Fail(st.error());
  SqliteStmt& s = **st;
  s.BindInt(1, h.ticket_id);
  s.BindInt(2, h.at);
  s.BindText(3, h.actor);
  s.BindText(4, h.action);
  s.BindText(5, h.field);
  s.BindText(6, h.old_value);
  s.BindText(7, h.new_value);
  return s.Run();
}

Result<std::vector<HistoryEntry>> SqliteTicketStore::History(const std::vector<int64_t>& tickets) {
  auto st = db_->Prepare(fmt::format(
      "SELECT id, ticket_id, at, actor, action, field, old_value, new_value FROM ticket_history "
      "WHERE ticket_id IN ({}) ORDER BY id",
      IdList(tickets)));
  if (!st) return Fail(st.error());
  std::vector<HistoryEntry> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) {
    HistoryEntry h;
    h.id = s.Int(0);
    h.ticket_id = s.Int(1);
    h.at = s.Int(2);
    h.actor = s.Text(3);
    h.action = s.Text(4);
    h.field = s.Text(5);
    h.old_value = s.Text(6);
    h.new_value = s.Text(7);
    out.push_back(std::move(h));
  }));
  return out;
}

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
