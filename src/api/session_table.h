#pragma once
// Console sessions: a random cookie value per login, kept only as its digest, with the CSRF
// token the console sends back on every change. In memory: a restart signs everyone out,
// which is the safe direction. Thread-safe.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace belfry {

struct SessionInfo {
  int64_t user_id = 0;
  std::string csrf;
  int64_t expires = 0;  // seconds; moved forward on use (idle timeout)
};

class SessionTable {
 public:
  explicit SessionTable(int64_t idle_seconds) : idle_(idle_seconds) {}
  // A new session: returns the cookie value (shown once) and fills `info`.
  std::string Create(int64_t user_id, int64_t now, SessionInfo* info);
  // The live session of a cookie value, its idle time renewed; nullopt when unknown or expired.
  std::optional<SessionInfo> Find(const std::string& cookie, int64_t now);
  void Remove(const std::string& cookie);
  // Ends every session of an account (disabled, password changed).
  void RemoveUser(int64_t user_id);
  size_t size() const;

 private:
  void Expire(int64_t now);  // with mu_ held

  const int64_t idle_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, SessionInfo> by_digest_;
  int64_t next_sweep_ = 0;
};

}  // namespace belfry
