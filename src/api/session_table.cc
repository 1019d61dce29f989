#include "api/session_table.h"

#include "access/credentials.h"

namespace belfry {

std::string SessionTable::Create(int64_t user_id, int64_t now, SessionInfo* info) {
  const std::string cookie = NewSecret();
  SessionInfo s{user_id, NewSecret(), now + idle_};
  std::lock_guard lock(mu_);
  Expire(now);
  by_digest_[SecretDigest(cookie)] = s;
  *info = s;
  return cookie;
}

std::optional<SessionInfo> SessionTable::Find(const std::string& cookie, int64_t now) {
  if (cookie.empty() || cookie.size() > 128) return std::nullopt;
  const std::string digest = SecretDigest(cookie);
  std::lock_guard lock(mu_);
  Expire(now);
  auto it = by_digest_.find(digest);
  if (it == by_digest_.end() || it->second.expires <= now) return std::nullopt;
  it->second.expires = now + idle_;
  return it->second;
}

void SessionTable::Remove(const std::string& cookie) {
  const std::string digest = SecretDigest(cookie);
  std::lock_guard lock(mu_);
  by_digest_.erase(digest);
}

void SessionTable::RemoveUser(int64_t user_id) {
  std::lock_guard lock(mu_);
  for (auto it = by_digest_.begin(); it != by_digest_.end();)
    it = it->second.user_id == user_id ? by_digest_.erase(it) : std::next(it);
}

size_t SessionTable::size() const {
  std::lock_guard lock(mu_);
  return by_digest_.size();
}

void SessionTable::Expire(int64_t now) {
  if (now < next_sweep_) return;
  next_sweep_ = now + 60;
  for (auto it = by_digest_.begin(); it != by_digest_.end();)
    it = it->second.expires <= now ? by_digest_.erase(it) : std::next(it);
}

}  // namespace belfry
