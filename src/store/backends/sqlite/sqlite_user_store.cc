// Accounts, API tokens and the account audit (access/user_store.h) in the tracker's database.

#include <fmt/format.h>

#include "store/backends/sqlite/sqlite_ticket_rows.h"
#include "store/backends/sqlite/sqlite_ticket_store.h"

namespace belfry {

namespace {

using ticket_rows::ForRows;

constexpr const char* kUserColumns =
    "users.id, users.name, users.role, users.organisation, users.password_hash, "
    "users.disabled, users.created";

User ReadUser(const SqliteStmt& s) {
  User u;
  u.id = s.Int(0);
  u.name = s.Text(1);
  u.role = ParseRole(s.Text(2)).value_or(Role::kReadOnly);
  u.organisation = s.Text(3);
  u.password_hash = s.Text(4);
  u.disabled = s.Int(5) != 0;
  u.created = s.Int(6);
  return u;
}

}  // namespace

Result<int64_t> SqliteTicketStore::AddUser(const User& u) {
  auto st = db_->Prepare(
      "INSERT INTO users(name, role, organisation, password_hash, disabled, created) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO NOTHING");
  if (!st) return Fail(st.error());
  st->BindText(1, u.name);
  st->BindText(2, RoleName(u.role));
  st->BindText(3, u.organisation);
  st->BindText(4, u.password_hash);
  st->BindInt(5, u.disabled ? 1 : 0);
  st->BindInt(6, u.created);
  BELFRY_RETURN_IF_ERROR(st->Run());
  if (db_->Changes() == 0)
    return Fail(Error::InvalidInput(fmt::format("a user named '{}' exists already", u.name)));
  return db_->LastInsertRowid();
}

Status SqliteTicketStore::UpdateUser(const User& u) {
  auto st = db_->Prepare(
      "UPDATE users SET role = ?, organisation = ?, password_hash = ?, disabled = ? WHERE id = ?");
  if (!st) return Fail(st.error());
  st->BindText(1, RoleName(u.role));
  st->BindText(2, u.organisation);
  st->BindText(3, u.password_hash);
  st->BindInt(4, u.disabled ? 1 : 0);
  st->BindInt(5, u.id);
  BELFRY_RETURN_IF_ERROR(st->Run());
  if (db_->Changes() == 0) return Fail(Error::NotFound(fmt::format("no user with id {}", u.id)));
  return Ok();
}

Result<std::optional<User>> SqliteTicketStore::FindUser(const std::string& name) {
  auto st = db_->Prepare(fmt::format("SELECT {} FROM users WHERE name = ?", kUserColumns));
  if (!st) return Fail(st.error());
  st->BindText(1, name);
  std::optional<User> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) { out = ReadUser(s); }));
  return out;
}

Result<std::optional<User>> SqliteTicketStore::GetUser(int64_t id) {
  auto st = db_->Prepare(fmt::format("SELECT {} FROM users WHERE id = ?", kUserColumns));
  if (!st) return Fail(st.error());
  st->BindInt(1, id);
  std::optional<User> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) { out = ReadUser(s); }));
  return out;
}

Result<std::vector<User>> SqliteTicketStore::ListUsers() {
  auto st = db_->Prepare(fmt::format("SELECT {} FROM users ORDER BY name", kUserColumns));
  if (!st) return Fail(st.error());
  std::vector<User> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) { out.push_back(ReadUser(s)); }));
  return out;
}

Result<int64_t> SqliteTicketStore::AddToken(int64_t user, const std::string& digest,
                                            int64_t created) {
  auto st = db_->Prepare(
      "INSERT INTO user_tokens(user_id, digest, created, last_used, revoked) "
      "VALUES (?, ?, ?, 0, 0)");
  if (!st) return Fail(st.error());
  st->BindInt(1, user);
  st->BindText(2, digest);
  st->BindInt(3, created);
  BELFRY_RETURN_IF_ERROR(st->Run());
  return db_->LastInsertRowid();
}

Result<std::optional<User>> SqliteTicketStore::UserOfToken(const std::string& digest,
                                                          int64_t now) {
  auto st = db_->Prepare(fmt::format(
      "SELECT {}, user_tokens.id, user_tokens.last_used FROM user_tokens "
      "JOIN users ON users.id = user_tokens.user_id "
      "WHERE user_tokens.digest = ? AND user_tokens.revoked = 0",
      kUserColumns));
  if (!st) return Fail(st.error());
  st->BindText(1, digest);
  std::optional<User> out;
  int64_t token = 0, last_used = 0;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) {
    out = ReadUser(s);
    token = s.Int(7);
    last_used = s.Int(8);
  }));
  // Last use to the minute: a busy API client does not write on every request.
  if (out && now - last_used >= 60) {
    auto up = db_->Prepare("UPDATE user_tokens SET last_used = ? WHERE id = ?");
    if (!up) return Fail(up.error());
    up->BindInt(1, now);
    up->BindInt(2, token);
    BELFRY_RETURN_IF_ERROR(up->Run());
  }
  return out;
}

Result<int64_t> SqliteTicketStore::RevokeTokens(int64_t user) {
  auto st = db_->Prepare("UPDATE user_tokens SET revoked = 1 WHERE user_id = ? AND revoked = 0");
  if (!st) return Fail(st.error());
  st->BindInt(1, user);
  BELFRY_RETURN_IF_ERROR(st->Run());
  return db_->Changes();
}

Status SqliteTicketStore::AddAudit(const AuditEntry& e) {
  auto st = db_->Prepare(
      "INSERT INTO audit(at, actor, action, object, detail) VALUES (?, ?, ?, ?, ?)");
  if (!st) return Fail(st.error());
  st->BindInt(1, e.at);
  st->BindText(2, e.actor);
  st->BindText(3, e.action);
  st->BindText(4, e.object);
  st->BindText(5, e.detail);
  return st->Run();
}

Result<std::vector<AuditEntry>> SqliteTicketStore::Audit(size_t limit) {
  auto st = db_->Prepare(
      "SELECT id, at, actor, action, object, detail FROM audit ORDER BY id DESC LIMIT ?");
  if (!st) return Fail(st.error());
  st->BindInt(1, static_cast<int64_t>(limit));
  std::vector<AuditEntry> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) {
    out.push_back({s.Int(0), s.Int(1), std::string(s.Text(2)), std::string(s.Text(3)),
                   std::string(s.Text(4)), std::string(s.Text(5))});
  }));
  return out;
}

}  // namespace belfry
