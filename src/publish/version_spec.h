#pragma once
// Which versions of a product an advisory concerns, as analysts write it in `versions`:
//   "9.4.1"                 one version
//   "< 9.4.2"               a range; constraints of one range are separated by spaces:
//   ">= 9.0 < 9.4.2"        (>= 9.0 and < 9.4.2)
//   "9.2.1, >= 9.4 < 9.4.2" alternatives, separated by ',' or '|'
//   "*" or ""               every version
// Versions compare component by component, numbers as numbers ("9.10" > "9.9"), a
// pre-release suffix before its release ("2.0-rc1" < "2.0"): what vendors' version strings do.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace belfry {

struct VersionConstraint {
  std::string op;  // "<", "<=", ">", ">=", "=", "!="
  std::string version;
};

// One alternative: every constraint holds ("=" alone: one version; none: every version).
struct VersionRange {
  std::vector<VersionConstraint> constraints;
  bool exact() const { return constraints.size() == 1 && constraints[0].op == "="; }
  bool any() const { return constraints.empty(); }
  // CSAF: the version itself (exact) or a vers range ("vers:generic/>=9.0|<9.4.2").
  std::string Vers() const;
  // As written back: "9.4.1", ">= 9.0 < 9.4.2", "*".
  std::string Text() const;
};

struct VersionSpec {
  std::vector<VersionRange> ranges;  // any of them
  bool Matches(std::string_view version) const;
};

Result<VersionSpec> ParseVersionSpec(std::string_view text);

// <0, 0, >0 as a < b, a == b, a > b.
int CompareVersions(std::string_view a, std::string_view b);

}  // namespace belfry
