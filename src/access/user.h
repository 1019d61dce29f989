#pragma once
// Accounts of the web console and the API: who may sign in, with which role, and (for a
// constituent) for which organisation.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace belfry {

enum class Role : uint8_t {
  kAdmin,        // everything, accounts included
  kAnalyst,      // reads everything, works tickets and notifications
  kReadOnly,     // reads what the team holds except TLP:RED; changes nothing
  kConstituent,  // one organisation's own findings and investigations, nothing else
};

std::string_view RoleName(Role r);  // "admin", "analyst", "read-only", "constituent"
std::optional<Role> ParseRole(std::string_view name);

struct User {
  int64_t id = 0;
  std::string name;
  Role role = Role::kReadOnly;
  std::string organisation;   // constituency organisation handle (constituents only)
  std::string password_hash;  // argon2id (libsodium's encoded string); "" = no password login
  bool disabled = false;
  int64_t created = 0;  // seconds
};

// One line of the account audit: who changed what (accounts, logins, API changes that have
// no ticket of their own to carry the history).
struct AuditEntry {
  int64_t id = 0;
  int64_t at = 0;  // seconds
  std::string actor;
  std::string action;  // user-add, user-disable, token, login, login-failed, ...
  std::string object;  // the account or thing acted on
  std::string detail;
};

}  // namespace belfry
