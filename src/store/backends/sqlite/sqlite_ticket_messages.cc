// The tracker's correspondence, observables, linked events and audit history.
#include "store/backends/sqlite/sqlite_ticket_store.h"

#include <fmt/format.h>

#include <map>

#include "store/backends/sqlite/sqlite_ticket_rows.h"
#include "model/ip_address.h"

namespace belfry {

using ticket_rows::ForRows;
using ticket_rows::IdList;
using ticket_rows::YearOf;

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

}  // namespace belfry
