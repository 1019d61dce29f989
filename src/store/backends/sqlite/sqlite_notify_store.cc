// The notifier's records (notify/notify_store.h) in the tracker's database.

#include <fmt/format.h>

#include "core/text.h"
#include "store/backends/sqlite/sqlite_ticket_rows.h"
#include "store/backends/sqlite/sqlite_ticket_store.h"

namespace belfry {

namespace {

using ticket_rows::ForRows;

constexpr const char* kNotificationColumns =
    "id, recipient, route, organisation, classification, group_key, format, ticket_id, "
    "outbox_id, created, events, signed, encrypted, state, bounce";

NotificationRecord ReadNotification(const SqliteStmt& s) {
  NotificationRecord n;
  int c = 0;
  n.id = s.Int(c++);
  n.recipient = s.Text(c++);
  n.route = s.Text(c++);
  n.organisation = s.Text(c++);
  n.classification = s.Text(c++);
  n.group_key = s.Text(c++);
  n.format = s.Text(c++);
  n.ticket_id = s.Int(c++);
  n.outbox_id = s.Int(c++);
  n.created = s.Int(c++);
  n.events = s.Int(c++);
  n.signed_mail = s.Int(c++) != 0;
  n.encrypted = s.Int(c++) != 0;
  n.state = s.Text(c++);
  n.bounce = s.Text(c++);
  return n;
}

void BindNotification(SqliteStmt& s, const NotificationRecord& n) {
  int c = 1;
  s.BindText(c++, n.recipient);
  s.BindText(c++, n.route);
  s.BindText(c++, n.organisation);
  s.BindText(c++, n.classification);
  s.BindText(c++, n.group_key);
  s.BindText(c++, n.format);
  s.BindInt(c++, n.ticket_id);
  s.BindInt(c++, n.outbox_id);
  s.BindInt(c++, n.created);
  s.BindInt(c++, n.events);
  s.BindInt(c++, n.signed_mail ? 1 : 0);
  s.BindInt(c++, n.encrypted ? 1 : 0);
  s.BindText(c++, n.state);
  s.BindText(c++, n.bounce);
}

std::string JoinSet(const std::set<std::string>& s) {
  std::string out;
  for (const auto& v : s) {
    if (!out.empty()) out.push_back(',');
    out += v;
  }
  return out;
}

std::set<std::string> SplitSet(std::string_view s) {
  std::set<std::string> out;
  while (!s.empty()) {
    size_t p = s.find(',');
    if (p != 0) out.emplace(s.substr(0, p));
    if (p == std::string_view::npos) break;
    s.remove_prefix(p + 1);
  }
  return out;
}

// The ids as a JSON array: one bound parameter, read by json_each (no SQL is built).
std::string IdArray(const std::vector<int64_t>& ids) {
  std::string out = "[";
  for (int64_t id : ids) {
    if (out.size() > 1) out.push_back(',');
    out += std::to_string(id);
  }
  return out + "]";
}

}  // namespace

Result<int64_t> SqliteTicketStore::AddNotification(const NotificationRecord& n) {
  auto st = Cached(40,
                   "INSERT INTO notifications(recipient, route, organisation, classification, "
                   "group_key, format, ticket_id, outbox_id, created, events, signed, encrypted, "
                   "state, bounce) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!st) return Fail(st.error());
  BindNotification(**st, n);
  BELFRY_RETURN_IF_ERROR((*st)->Run());
  return db_->LastInsertRowid();
}

Status SqliteTicketStore::UpdateNotification(const NotificationRecord& n) {
  auto st = Cached(41,
                   "UPDATE notifications SET recipient=?1, route=?2, organisation=?3, "
                   "classification=?4, group_key=?5, format=?6, ticket_id=?7, outbox_id=?8, "
                   "created=?9, events=?10, signed=?11, encrypted=?12, state=?13, bounce=?14 "
                   "WHERE id=?15");
  if (!st) return Fail(st.error());
  BindNotification(**st, n);
  (*st)->BindInt(15, n.id);
  return (*st)->Run();
}

Result<std::optional<NotificationRecord>> SqliteTicketStore::GetNotification(int64_t id) {
  auto st = db_->Prepare(
      fmt::format("SELECT {} FROM notifications WHERE id = ?", kNotificationColumns));
  if (!st) return Fail(st.error());
  st->BindInt(1, id);
  std::optional<NotificationRecord> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) { out = ReadNotification(s); }));
  return out;
}

Result<std::vector<NotificationRecord>> SqliteTicketStore::ListNotifications(size_t limit) {
  auto st = db_->Prepare(fmt::format(
      "SELECT {} FROM notifications ORDER BY id DESC LIMIT ?", kNotificationColumns));
  if (!st) return Fail(st.error());
  st->BindInt(1, static_cast<int64_t>(limit));
  std::vector<NotificationRecord> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) { out.push_back(ReadNotification(s)); }));
  return out;
}

Result<int64_t> SqliteTicketStore::LastSent(const std::string& recipient,
                                            const std::string& group_key) {
  auto st = Cached(42,
                   "SELECT coalesce(max(created), 0) FROM notifications WHERE recipient = ? AND "
                   "group_key = ? AND state = 'queued'");
  if (!st) return Fail(st.error());
  (*st)->BindText(1, recipient);
  (*st)->BindText(2, group_key);
  int64_t out = 0;
  BELFRY_RETURN_IF_ERROR(ForRows(**st, [&](SqliteStmt& s) { out = s.Int(0); }));
  return out;
}

Status SqliteTicketStore::AddSent(const std::string& recipient, int64_t notification,
                                  const std::vector<int64_t>& event_ids) {
  auto st = Cached(43,
                   "INSERT OR IGNORE INTO notify_sent(recipient, event_id, notification) "
                   "VALUES (?, ?, ?)");
  if (!st) return Fail(st.error());
  for (int64_t id : event_ids) {
    (*st)->BindText(1, recipient);
    (*st)->BindInt(2, id);
    (*st)->BindInt(3, notification);
    BELFRY_RETURN_IF_ERROR((*st)->Run());
  }
  return Ok();
}

Result<std::vector<int64_t>> SqliteTicketStore::AlreadySent(const std::string& recipient,
                                                            const std::vector<int64_t>& ids) {
  std::vector<int64_t> out;
  if (ids.empty()) return out;
  auto st = Cached(44,
                   "SELECT event_id FROM notify_sent WHERE recipient = ? AND event_id IN "
                   "(SELECT value FROM json_each(?))");
  if (!st) return Fail(st.error());
  (*st)->BindText(1, recipient);
  (*st)->BindText(2, IdArray(ids));
  BELFRY_RETURN_IF_ERROR(ForRows(**st, [&](SqliteStmt& s) { out.push_back(s.Int(0)); }));
  return out;
}

Result<std::vector<int64_t>> SqliteTicketStore::TakeBackSent(int64_t notification) {
  auto st = db_->Prepare("SELECT event_id FROM notify_sent WHERE notification = ?");
  if (!st) return Fail(st.error());
  st->BindInt(1, notification);
  std::vector<int64_t> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) { out.push_back(s.Int(0)); }));
  auto del = db_->Prepare("DELETE FROM notify_sent WHERE notification = ?");
  if (!del) return Fail(del.error());
  del->BindInt(1, notification);
  BELFRY_RETURN_IF_ERROR(del->Run());
  return out;
}

Result<std::optional<FindingState>> SqliteTicketStore::GetFinding(const std::string& recipient,
                                                                  const std::string& key) {
  auto st = Cached(45,
                   "SELECT last_sent, ports, vulnerabilities, severity FROM notify_findings "
                   "WHERE recipient = ? AND key = ?");
  if (!st) return Fail(st.error());
  (*st)->BindText(1, recipient);
  (*st)->BindText(2, key);
  std::optional<FindingState> out;
  BELFRY_RETURN_IF_ERROR(ForRows(**st, [&](SqliteStmt& s) {
    FindingState f;
    f.last_sent = s.Int(0);
    f.ports = SplitSet(s.Text(1));
    f.vulnerabilities = SplitSet(s.Text(2));
    f.severity = static_cast<int>(s.Int(3));
    out = std::move(f);
  }));
  return out;
}

Status SqliteTicketStore::PutFinding(const std::string& recipient, const std::string& key,
                                     const FindingState& f) {
  auto st = Cached(46,
                   "INSERT INTO notify_findings(recipient, key, last_sent, ports, "
                   "vulnerabilities, severity) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE "
                   "SET last_sent = excluded.last_sent, ports = excluded.ports, vulnerabilities "
                   "= excluded.vulnerabilities, severity = excluded.severity");
  if (!st) return Fail(st.error());
  SqliteStmt& s = **st;
  s.BindText(1, recipient);
  s.BindText(2, key);
  s.BindInt(3, f.last_sent);
  s.BindText(4, JoinSet(f.ports));
  s.BindText(5, JoinSet(f.vulnerabilities));
  s.BindInt(6, f.severity);
  return s.Run();
}

Result<int64_t> SqliteTicketStore::AddInhibition(const Inhibition& i) {
  auto st = db_->Prepare(
      "INSERT INTO notify_inhibitions(organisation, classification, identifier, network, "
      "until, reason, actor, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!st) return Fail(st.error());
  int c = 1;
  st->BindText(c++, i.organisation);
  st->BindText(c++, i.classification);
  st->BindText(c++, i.identifier);
  st->BindText(c++, i.network);
  st->BindInt(c++, i.until);
  st->BindText(c++, i.reason);
  st->BindText(c++, i.actor);
  st->BindInt(c++, i.created);
  BELFRY_RETURN_IF_ERROR(st->Run());
  return db_->LastInsertRowid();
}

Result<bool> SqliteTicketStore::RemoveInhibition(int64_t id) {
  auto st = db_->Prepare("DELETE FROM notify_inhibitions WHERE id = ?");
  if (!st) return Fail(st.error());
  st->BindInt(1, id);
  BELFRY_RETURN_IF_ERROR(st->Run());
  return db_->Changes() > 0;
}

Result<std::vector<Inhibition>> SqliteTicketStore::Inhibitions(int64_t now) {
  auto st = db_->Prepare(
      "SELECT id, organisation, classification, identifier, network, until, reason, actor, "
      "created FROM notify_inhibitions WHERE ?1 = 0 OR until = 0 OR until > ?1 ORDER BY id");
  if (!st) return Fail(st.error());
  st->BindInt(1, now);
  std::vector<Inhibition> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) {
    Inhibition i;
    int c = 0;
    i.id = s.Int(c++);
    i.organisation = s.Text(c++);
    i.classification = s.Text(c++);
    i.identifier = s.Text(c++);
    i.network = s.Text(c++);
    i.until = s.Int(c++);
    i.reason = s.Text(c++);
    i.actor = s.Text(c++);
    i.created = s.Int(c++);
    out.push_back(std::move(i));
  }));
  return out;
}

Status SqliteTicketStore::MarkFailing(const std::string& address, int64_t at,
                                      int64_t notification, const std::string& reason) {
  auto st = db_->Prepare(
      "INSERT INTO notify_failing(address, since, last, bounces, notification, reason) VALUES "
      "(?1, ?2, ?2, 1, ?3, ?4) ON CONFLICT DO UPDATE SET last = excluded.last, bounces = "
      "bounces + 1, notification = excluded.notification, reason = excluded.reason");
  if (!st) return Fail(st.error());
  st->BindText(1, AsciiLowerCopy(address));
  st->BindInt(2, at);
  st->BindInt(3, notification);
  st->BindText(4, reason);
  return st->Run();
}

Result<bool> SqliteTicketStore::ClearFailing(const std::string& address) {
  auto st = db_->Prepare("DELETE FROM notify_failing WHERE address = ?");
  if (!st) return Fail(st.error());
  st->BindText(1, AsciiLowerCopy(address));
  BELFRY_RETURN_IF_ERROR(st->Run());
  return db_->Changes() > 0;
}

Result<std::vector<FailingRecipient>> SqliteTicketStore::Failing() {
  auto st = db_->Prepare(
      "SELECT address, since, last, bounces, notification, reason FROM notify_failing ORDER BY "
      "address");
  if (!st) return Fail(st.error());
  std::vector<FailingRecipient> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) {
    FailingRecipient f;
    f.address = s.Text(0);
    f.since = s.Int(1);
    f.last = s.Int(2);
    f.bounces = s.Int(3);
    f.notification = s.Int(4);
    f.reason = s.Text(5);
    out.push_back(std::move(f));
  }));
  return out;
}

Result<int64_t> SqliteTicketStore::AddRun(const NotifyRunRecord& r) {
  auto st = db_->Prepare(
      "INSERT INTO notify_runs(started, finished, dry_run, summary) VALUES (?, ?, ?, ?)");
  if (!st) return Fail(st.error());
  st->BindInt(1, r.started);
  st->BindInt(2, r.finished);
  st->BindInt(3, r.dry_run ? 1 : 0);
  st->BindText(4, r.summary_json);
  BELFRY_RETURN_IF_ERROR(st->Run());
  return db_->LastInsertRowid();
}

Result<std::vector<NotifyRunRecord>> SqliteTicketStore::Runs(size_t limit) {
  auto st = db_->Prepare(
      "SELECT id, started, finished, dry_run, summary FROM notify_runs ORDER BY id DESC LIMIT ?");
  if (!st) return Fail(st.error());
  st->BindInt(1, static_cast<int64_t>(limit));
  std::vector<NotifyRunRecord> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) {
    NotifyRunRecord r;
    r.id = s.Int(0);
    r.started = s.Int(1);
    r.finished = s.Int(2);
    r.dry_run = s.Int(3) != 0;
    r.summary_json = s.Text(4);
    out.push_back(std::move(r));
  }));
  return out;
}

}  // namespace belfry
