#pragma once
// Accounts, their API tokens (only a SHA-256 of each token is stored) and the account audit.
// Backend: SQLite, in the tracker's database (store/backends/sqlite/sqlite_user_store.cc).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "access/user.h"
#include "core/result.h"

namespace belfry {

class UserStore {
 public:
  virtual ~UserStore() = default;
  // Fails (InvalidInput) when the name is taken.
  virtual Result<int64_t> AddUser(const User& u) = 0;
  virtual Status UpdateUser(const User& u) = 0;  // every field but id, name and created
  virtual Result<std::optional<User>> FindUser(const std::string& name) = 0;
  virtual Result<std::optional<User>> GetUser(int64_t id) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;
  // `digest`: SHA-256 hex of the token. Returns the token's id.
  virtual Result<int64_t> AddToken(int64_t user, const std::string& digest, int64_t created) = 0;
  // The account holding the token with this digest (disabled accounts included: the caller
  // decides), and marks the token used at `now`.
  virtual Result<std::optional<User>> UserOfToken(const std::string& digest, int64_t now) = 0;
  // Revokes every token of the account; returns how many.
  virtual Result<int64_t> RevokeTokens(int64_t user) = 0;
  virtual Status AddAudit(const AuditEntry& e) = 0;
  virtual Result<std::vector<AuditEntry>> Audit(size_t limit) = 0;  // newest first
};

}  // namespace belfry
