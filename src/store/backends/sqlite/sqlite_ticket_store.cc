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
    "  NULL, n INTEGER NOT NULL, PRIMARY KEY(year, minutes)) WITHOUT ROWID;"
    // Version 2: the notifier's records (notify/notify_store.h) and the rate limit's index.
    "CREATE INDEX IF NOT EXISTS outbox_recipients_settled ON outbox_recipients(settled_at) "
    "  WHERE state = 'sent';"
    "CREATE TABLE IF NOT EXISTS notifications(id INTEGER PRIMARY KEY, recipient TEXT NOT NULL, "
    "  route TEXT NOT NULL, organisation TEXT NOT NULL, classification TEXT NOT NULL, "
    "  group_key TEXT NOT NULL, format TEXT NOT NULL, ticket_id INTEGER NOT NULL, "
    "  outbox_id INTEGER NOT NULL, created INTEGER NOT NULL, events INTEGER NOT NULL, "
    "  signed INTEGER NOT NULL, encrypted INTEGER NOT NULL, state TEXT NOT NULL, "
    "  bounce TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS notifications_group ON notifications(recipient, group_key, "
    "  created);"
    "CREATE TABLE IF NOT EXISTS notify_sent(recipient TEXT NOT NULL, event_id INTEGER NOT NULL, "
    "  notification INTEGER NOT NULL, PRIMARY KEY(recipient, event_id)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS notify_sent_notification ON notify_sent(notification);"
    "CREATE TABLE IF NOT EXISTS notify_findings(recipient TEXT NOT NULL, key TEXT NOT NULL, "
    "  last_sent INTEGER NOT NULL, ports TEXT NOT NULL, vulnerabilities TEXT NOT NULL, "
    "  severity INTEGER NOT NULL, PRIMARY KEY(recipient, key)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS notify_inhibitions(id INTEGER PRIMARY KEY, organisation TEXT "
    "  NOT NULL, classification TEXT NOT NULL, identifier TEXT NOT NULL, network TEXT NOT NULL, "
    "  until INTEGER NOT NULL, reason TEXT NOT NULL, actor TEXT NOT NULL, created INTEGER NOT "
    "  NULL);"
    "CREATE TABLE IF NOT EXISTS notify_failing(address TEXT PRIMARY KEY, since INTEGER NOT NULL, "
    "  last INTEGER NOT NULL, bounces INTEGER NOT NULL, notification INTEGER NOT NULL, "
    "  reason TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS notify_runs(id INTEGER PRIMARY KEY, started INTEGER NOT NULL, "
    "  finished INTEGER NOT NULL, dry_run INTEGER NOT NULL, summary TEXT NOT NULL);"
    // Version 3: accounts of the console and the API (access/user_store.h).
    "CREATE TABLE IF NOT EXISTS users(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
    "  role TEXT NOT NULL, organisation TEXT NOT NULL, password_hash TEXT NOT NULL, "
    "  disabled INTEGER NOT NULL, created INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS user_tokens(id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, "
    "  digest TEXT NOT NULL UNIQUE, created INTEGER NOT NULL, last_used INTEGER NOT NULL, "
    "  revoked INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS audit(id INTEGER PRIMARY KEY, at INTEGER NOT NULL, "
    "  actor TEXT NOT NULL, action TEXT NOT NULL, object TEXT NOT NULL, detail TEXT NOT NULL);"
    // Version 4: the team's publications (publish/advisory_store.h).
    "CREATE TABLE IF NOT EXISTS advisories(id INTEGER PRIMARY KEY, tracking_id TEXT NOT NULL, "
    "  translation_of INTEGER NOT NULL, title TEXT NOT NULL, audience TEXT NOT NULL, "
    "  kind TEXT NOT NULL, lang TEXT NOT NULL, severity TEXT NOT NULL, tlp TEXT NOT NULL, "
    "  status TEXT NOT NULL, author TEXT NOT NULL, reviewer TEXT NOT NULL, "
    "  created INTEGER NOT NULL, updated INTEGER NOT NULL, publish_at INTEGER NOT NULL, "
    "  published INTEGER NOT NULL, pending_summary TEXT NOT NULL, source TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS advisories_tracking ON advisories(tracking_id);"
    "CREATE INDEX IF NOT EXISTS advisories_group ON advisories(translation_of);"
    "CREATE TABLE IF NOT EXISTS advisory_revisions(advisory_id INTEGER NOT NULL, "
    "  number INTEGER NOT NULL, date INTEGER NOT NULL, summary TEXT NOT NULL, "
    "  actor TEXT NOT NULL, PRIMARY KEY(advisory_id, number)) WITHOUT ROWID;"
    // Version 4 too: the constituents' products and vulnerability matches
    // (vuln/product_store.h).
    "CREATE TABLE IF NOT EXISTS products(id INTEGER PRIMARY KEY, organisation TEXT NOT NULL, "
    "  vendor TEXT NOT NULL, product TEXT NOT NULL, version TEXT NOT NULL, cpe TEXT NOT NULL, "
    "  source TEXT NOT NULL, cves TEXT NOT NULL, updated INTEGER NOT NULL, "
    "  vendor_key TEXT NOT NULL, product_key TEXT NOT NULL, "
    "  UNIQUE(organisation, vendor_key, product_key, version));"
    "CREATE INDEX IF NOT EXISTS products_name ON products(vendor_key, product_key);"
    "CREATE TABLE IF NOT EXISTS vuln_matches(advisory TEXT NOT NULL, organisation TEXT NOT NULL, "
    "  ticket INTEGER NOT NULL, at INTEGER NOT NULL, PRIMARY KEY(advisory, organisation)) "
    "  WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS vendor_advisories(key TEXT PRIMARY KEY, publisher TEXT NOT NULL, "
    "  tracking_id TEXT NOT NULL, title TEXT NOT NULL, cves TEXT NOT NULL, "
    "  imported INTEGER NOT NULL, document TEXT NOT NULL);"
    // Version 5: the newsletter's subscribers and issues (newsletter/newsletter_store.h).
    "CREATE TABLE IF NOT EXISTS newsletter_subscribers(id INTEGER PRIMARY KEY, "
    "  email TEXT NOT NULL, audience TEXT NOT NULL, lang TEXT NOT NULL, state TEXT NOT NULL, "
    "  token TEXT NOT NULL UNIQUE, source TEXT NOT NULL, created INTEGER NOT NULL, "
    "  confirm_sent INTEGER NOT NULL, confirmed INTEGER NOT NULL, "
    "  unsubscribed INTEGER NOT NULL, bounces INTEGER NOT NULL, last_bounce TEXT NOT NULL, "
    "  UNIQUE(email, audience));"
    "CREATE INDEX IF NOT EXISTS newsletter_subscribers_edition ON "
    "  newsletter_subscribers(audience, lang, state);"
    "CREATE TABLE IF NOT EXISTS newsletter_issues(id INTEGER PRIMARY KEY, audience TEXT NOT "
    "  NULL, lang TEXT NOT NULL, number INTEGER NOT NULL, intro TEXT NOT NULL, "
    "  intro_author TEXT NOT NULL, period_start INTEGER NOT NULL, period_end INTEGER NOT NULL, "
    "  advisories TEXT NOT NULL, subject TEXT NOT NULL, html TEXT NOT NULL, text TEXT NOT NULL, "
    "  created INTEGER NOT NULL, sent INTEGER NOT NULL, recipients INTEGER NOT NULL, "
    "  actor TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS newsletter_issues_edition ON "
    "  newsletter_issues(audience, lang, sent);";

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
    if (*v < kTicketSchemaVersion) {
      // 1 -> 2 -> 3 -> 4: the new tables were created above (kSchema); nothing else changes.
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
