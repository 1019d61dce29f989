#pragma once
// Who is ours: the [constituency] section. With no scope at all, only the organisations the
// team entered itself are (kNoScopeNote). docs/CONFIGURATION.md documents every key.

#include <toml++/toml.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/config_reader.h"
#include "core/result.h"

namespace belfry {

struct ConstituencyConfig {
  std::vector<std::string> countries;  // ISO 3166-1 alpha-2, upper case
  std::vector<int64_t> asns;
  std::vector<std::string> organisations;       // organisation handles
  std::vector<std::string> networks;            // CIDRs or "a - b" ranges
  std::vector<std::string> languages = {"en"};  // for contacts whose language is unknown
  // Mail a network's own abuse contact when it is outside the constituency and no peer CSIRT
  // is responsible. Off by default: we tell other people's networks only when asked to.
  bool notify_foreign_abuse_contacts = false;
  bool HasScope() const {
    return !countries.empty() || !asns.empty() || !organisations.empty() || !networks.empty();
  }
};

// What lookup and routing say when no scope is configured.
inline constexpr const char* kNoScopeNote =
    "no [constituency] scope is configured (countries, asns, organisations or networks): only "
    "organisations entered by hand or by CSV import count as constituents, none imported "
    "from RIPE or Trusted Introducer";

Status ReadConstituencySection(const config_internal::Ctx& ctx, const toml::table& t,
                               ConstituencyConfig* out);

}  // namespace belfry
