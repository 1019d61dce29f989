// The team's publications (publish/advisory_store.h) in the tracker's database.

#include <fmt/format.h>

#include <unordered_map>

#include "store/backends/sqlite/sqlite_ticket_rows.h"
#include "store/backends/sqlite/sqlite_ticket_store.h"

namespace belfry {

namespace {

using ticket_rows::ForRows;

constexpr const char* kColumns =
    "id, tracking_id, translation_of, title, audience, kind, lang, severity, tlp, status, "
    "author, reviewer, created, updated, publish_at, published, pending_summary";

Advisory ReadAdvisory(const SqliteStmt& s, bool with_source) {
  Advisory a;
  int c = 0;
  a.id = s.Int(c++);
  a.tracking_id = s.Text(c++);
  a.translation_of = s.Int(c++);
  a.title = s.Text(c++);
  a.audience = s.Text(c++);
  a.kind = s.Text(c++);
  a.lang = s.Text(c++);
  a.severity = s.Text(c++);
  a.tlp = ParseTlp(s.Text(c++)).value_or(Tlp::kRed);  // unreadable: the strictest
  a.status = ParseAdvisoryStatus(s.Text(c++)).value_or(AdvisoryStatus::kDraft);
  a.author = s.Text(c++);
  a.reviewer = s.Text(c++);
  a.created = s.Int(c++);
  a.updated = s.Int(c++);
  a.publish_at = s.Int(c++);
  a.published = s.Int(c++);
  a.pending_summary = s.Text(c++);
  if (with_source) a.source = s.Text(c++);
  return a;
}

void BindFields(SqliteStmt& st, const Advisory& a, int c) {
  st.BindText(c++, a.tracking_id);
  st.BindInt(c++, a.translation_of);
  st.BindText(c++, a.title);
  st.BindText(c++, a.audience);
  st.BindText(c++, a.kind);
  st.BindText(c++, a.lang);
  st.BindText(c++, a.severity);
  st.BindText(c++, TlpName(a.tlp));
  st.BindText(c++, AdvisoryStatusName(a.status));
  st.BindText(c++, a.author);
  st.BindText(c++, a.reviewer);
  st.BindInt(c++, a.updated);
  st.BindInt(c++, a.publish_at);
  st.BindInt(c++, a.published);
  st.BindText(c++, a.pending_summary);
  st.BindText(c++, a.source);
}

}  // namespace

Status SqliteTicketStore::WriteRevisions(const Advisory& a) {
  auto del = db_->Prepare("DELETE FROM advisory_revisions WHERE advisory_id = ?");
  if (!del) return Fail(del.error());
  del->BindInt(1, a.id);
  BELFRY_RETURN_IF_ERROR(del->Run());
  auto ins = db_->Prepare(
      "INSERT INTO advisory_revisions(advisory_id, number, date, summary, actor) "
      "VALUES (?, ?, ?, ?, ?)");
  if (!ins) return Fail(ins.error());
  for (const auto& r : a.revisions) {
    ins->BindInt(1, a.id);
    ins->BindInt(2, r.number);
    ins->BindInt(3, r.date);
    ins->BindText(4, r.summary);
    ins->BindText(5, r.actor);
    BELFRY_RETURN_IF_ERROR(ins->Run());
  }
  return Ok();
}

Result<int64_t> SqliteTicketStore::AddAdvisory(const Advisory& a) {
  auto own = OwnTransaction();
  if (!own) return Fail(own.error());
  auto st = db_->Prepare(
      "INSERT INTO advisories(tracking_id, translation_of, title, audience, kind, lang, "
      "severity, tlp, status, author, reviewer, updated, publish_at, published, "
      "pending_summary, source, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?)");
  if (!st) return Fail(st.error());
  BindFields(*st, a, 1);
  st->BindInt(17, a.created);
  BELFRY_RETURN_IF_ERROR(st->Run());
  Advisory stored = a;
  stored.id = db_->LastInsertRowid();
  BELFRY_RETURN_IF_ERROR(WriteRevisions(stored));
  if (*own) BELFRY_RETURN_IF_ERROR((*own)->Commit());
  return stored.id;
}

Status SqliteTicketStore::UpdateAdvisory(const Advisory& a) {
  auto own = OwnTransaction();
  if (!own) return Fail(own.error());
  auto st = db_->Prepare(
      "UPDATE advisories SET tracking_id = ?, translation_of = ?, title = ?, audience = ?, "
      "kind = ?, lang = ?, severity = ?, tlp = ?, status = ?, author = ?, reviewer = ?, "
      "updated = ?, publish_at = ?, published = ?, pending_summary = ?, source = ? WHERE id = ?");
  if (!st) return Fail(st.error());
  BindFields(*st, a, 1);
  st->BindInt(17, a.id);
  BELFRY_RETURN_IF_ERROR(st->Run());
  if (db_->Changes() == 0)
    return Fail(Error::NotFound(fmt::format("no advisory with id {}", a.id)));
  BELFRY_RETURN_IF_ERROR(WriteRevisions(a));
  if (*own) return (*own)->Commit();
  return Ok();
}

Result<std::vector<Advisory>> SqliteTicketStore::ListAdvisories(const AdvisoryFilter& f) {
  std::string sql = fmt::format("SELECT {}{} FROM advisories WHERE 1", kColumns,
                                f.with_source ? ", source" : "");
  std::vector<std::pair<bool, std::string>> binds;  // (is_int, value)
  if (f.status) {
    sql += " AND status = ?";
    binds.emplace_back(false, std::string(AdvisoryStatusName(*f.status)));
  }
  if (!f.audience.empty()) {
    sql += " AND audience = ?";
    binds.emplace_back(false, f.audience);
  }
  if (!f.lang.empty()) {
    sql += " AND lang = ?";
    binds.emplace_back(false, f.lang);
  }
  if (f.group != 0) {
    sql += " AND (id = ? OR translation_of = ?)";
    binds.emplace_back(true, std::to_string(f.group));
    binds.emplace_back(true, std::to_string(f.group));
  }
  if (f.due_at != 0) {
    sql += " AND status = 'approved' AND publish_at <= ?";
    binds.emplace_back(true, std::to_string(f.due_at));
  }
  if (f.published_from != 0) {
    sql += " AND published >= ?";
    binds.emplace_back(true, std::to_string(f.published_from));
  }
  sql += " ORDER BY id DESC";
  if (f.limit != 0) sql += fmt::format(" LIMIT {}", f.limit);
  auto st = db_->Prepare(sql);
  if (!st) return Fail(st.error());
  for (size_t i = 0; i < binds.size(); ++i) {
    if (binds[i].first)
      st->BindInt(static_cast<int>(i) + 1, std::stoll(binds[i].second));
    else
      st->BindText(static_cast<int>(i) + 1, binds[i].second);
  }
  std::vector<Advisory> out;
  BELFRY_RETURN_IF_ERROR(
      ForRows(*st, [&](SqliteStmt& s) { out.push_back(ReadAdvisory(s, f.with_source)); }));
  if (out.empty()) return out;
  // Revisions of the listed advisories in one query, in id order.
  auto rev = db_->Prepare(
      "SELECT advisory_id, number, date, summary, actor FROM advisory_revisions "
      "WHERE advisory_id BETWEEN ? AND ? ORDER BY advisory_id, number");
  if (!rev) return Fail(rev.error());
  rev->BindInt(1, out.back().id);
  rev->BindInt(2, out.front().id);
  std::unordered_map<int64_t, Advisory*> by_id;
  for (auto& a : out) by_id[a.id] = &a;
  BELFRY_RETURN_IF_ERROR(ForRows(*rev, [&](SqliteStmt& s) {
    auto it = by_id.find(s.Int(0));
    if (it == by_id.end()) return;
    it->second->revisions.push_back(
        {s.Int(1), s.Int(2), std::string(s.Text(3)), std::string(s.Text(4))});
  }));
  return out;
}

Result<std::optional<Advisory>> SqliteTicketStore::FindAdvisory(const std::string& tracking_id) {
  auto st = db_->Prepare("SELECT id FROM advisories WHERE tracking_id = ?");
  if (!st) return Fail(st.error());
  st->BindText(1, tracking_id);
  int64_t id = 0;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) { id = s.Int(0); }));
  if (id == 0) return std::optional<Advisory>();
  return GetAdvisory(id);
}

Result<std::optional<Advisory>> SqliteTicketStore::GetAdvisory(int64_t id) {
  auto st = db_->Prepare(fmt::format("SELECT {}, source FROM advisories WHERE id = ?", kColumns));
  if (!st) return Fail(st.error());
  st->BindInt(1, id);
  std::optional<Advisory> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) { out = ReadAdvisory(s, true); }));
  if (!out) return out;
  auto rev = db_->Prepare(
      "SELECT number, date, summary, actor FROM advisory_revisions WHERE advisory_id = ? "
      "ORDER BY number");
  if (!rev) return Fail(rev.error());
  rev->BindInt(1, id);
  BELFRY_RETURN_IF_ERROR(ForRows(*rev, [&](SqliteStmt& s) {
    out->revisions.push_back({s.Int(0), s.Int(1), std::string(s.Text(2)), std::string(s.Text(3))});
  }));
  return out;
}

}  // namespace belfry
