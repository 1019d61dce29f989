#include "access/user.h"

namespace belfry {

std::string_view RoleName(Role r) {
  switch (r) {
    case Role::kAdmin: return "admin";
    case Role::kAnalyst: return "analyst";
    case Role::kReadOnly: return "read-only";
    case Role::kConstituent: return "constituent";
  }
  return "read-only";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : {Role::kAdmin, Role::kAnalyst, Role::kReadOnly, Role::kConstituent})
    if (RoleName(r) == name) return r;
  if (name == "readonly") return Role::kReadOnly;
  return std::nullopt;
}

}  // namespace belfry
