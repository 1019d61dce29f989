#include "publish/version_spec.h"

#include <fmt/format.h>

#include <cctype>

namespace belfry {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSep(char c) { return c == '.' || c == '-' || c == '_' || c == '+' || c == ':' || c == '~'; }

// The next component of a version from `i`: a run of digits or a run of other characters.
std::string_view NextPart(std::string_view v, size_t* i) {
  while (*i < v.size() && IsSep(v[*i])) ++*i;
  size_t start = *i;
  if (*i < v.size() && IsDigit(v[*i])) {
    while (*i < v.size() && IsDigit(v[*i])) ++*i;
  } else {
    while (*i < v.size() && !IsDigit(v[*i]) && !IsSep(v[*i])) ++*i;
  }
  return v.substr(start, *i - start);
}

bool ValidOp(std::string_view op) {
  return op == "<" || op == "<=" || op == ">" || op == ">=" || op == "=" || op == "!=";
}

bool Holds(const VersionConstraint& c, std::string_view version) {
  int r = CompareVersions(version, c.version);
  if (c.op == "<") return r < 0;
  if (c.op == "<=") return r <= 0;
  if (c.op == ">") return r > 0;
  if (c.op == ">=") return r >= 0;
  if (c.op == "!=") return r != 0;
  return r == 0;
}

}  // namespace

int CompareVersions(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  for (;;) {
    std::string_view pa = NextPart(a, &i), pb = NextPart(b, &j);
    if (pa.empty() && pb.empty()) return 0;
    // A release ("2.0") is newer than its pre-release ("2.0-rc1"); "2.0.1" newer than "2.0".
    if (pa.empty()) return (!IsDigit(pb[0])) ? 1 : -1;
    if (pb.empty()) return (!IsDigit(pa[0])) ? -1 : 1;
    bool na = IsDigit(pa[0]), nb = IsDigit(pb[0]);
    if (na && nb) {
      while (pa.size() > 1 && pa[0] == '0') pa.remove_prefix(1);
      while (pb.size() > 1 && pb[0] == '0') pb.remove_prefix(1);
      if (pa.size() != pb.size()) return pa.size() < pb.size() ? -1 : 1;
      if (int c = pa.compare(pb); c != 0) return c < 0 ? -1 : 1;
    } else if (na != nb) {
      return na ? 1 : -1;  // "2.0.1" > "2.0.rc1"
    } else {
      std::string la(pa), lb(pb);
      for (auto& c : la) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      for (auto& c : lb) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (int c = la.compare(lb); c != 0) return c < 0 ? -1 : 1;
    }
  }
}

std::string VersionRange::Vers() const {
  if (exact()) return constraints[0].version;
  if (any()) return "vers:generic/*";
  std::string out = "vers:generic/";
  for (size_t i = 0; i < constraints.size(); ++i) {
    if (i) out += '|';
    if (constraints[i].op != "=") out += constraints[i].op;
    out += constraints[i].version;
  }
  return out;
}

std::string VersionRange::Text() const {
  if (exact()) return constraints[0].version;
  if (any()) return "*";
  std::string out;
  for (const auto& c : constraints) {
    if (!out.empty()) out += ' ';
    out += c.op;
    out += ' ';
    out += c.version;
  }
  return out;
}

bool VersionSpec::Matches(std::string_view version) const {
  for (const auto& r : ranges) {
    bool all = true;
    for (const auto& c : r.constraints) all = all && Holds(c, version);
    if (all) return true;
  }
  return false;
}

Result<VersionSpec> ParseVersionSpec(std::string_view text) {
  VersionSpec spec;
  if (text.size() > 4096) return Fail(Error::InvalidInput("versions: longer than 4096 characters"));
  size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) {
    spec.ranges.emplace_back();  // nothing said: every version
    return spec;
  }
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find_first_of(",|", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view alt = text.substr(pos, end - pos);
    pos = end + 1;
    // Tokens: operators and versions, with or without spaces between them.
    VersionRange range;
    size_t i = 0;
    bool any = false;
    auto space = [&](size_t k) { return std::isspace(static_cast<unsigned char>(alt[k])) != 0; };
    auto op_char = [&](size_t k) {
      return alt[k] == '<' || alt[k] == '>' || alt[k] == '=' || alt[k] == '!';
    };
    while (i < alt.size()) {
      while (i < alt.size() && space(i)) ++i;
      if (i >= alt.size()) break;
      const size_t op_start = i;
      while (i < alt.size() && op_char(i)) ++i;
      std::string_view op_text = alt.substr(op_start, i - op_start);
      while (i < alt.size() && space(i)) ++i;
      size_t vs = i;
      while (i < alt.size() && !space(i) && !op_char(i)) ++i;
      std::string version(alt.substr(vs, i - vs));
      if (op_text.empty() && version == "*") {
        any = true;
        continue;
      }
      std::string op(op_text.empty() ? std::string_view("=") : op_text);
      if (!ValidOp(op))
        return Fail(Error::InvalidInput(fmt::format("versions: unknown operator '{}'", op)));
      if (version.empty())
        return Fail(Error::InvalidInput(fmt::format("versions: '{}' lacks a version", op)));
      range.constraints.push_back({op, version});
    }
    if (any && !range.constraints.empty())
      return Fail(Error::InvalidInput("versions: '*' cannot be combined with a constraint"));
    if (!any && range.constraints.empty())
      return Fail(Error::InvalidInput("versions: an empty alternative between ',' or '|'"));
    spec.ranges.push_back(std::move(range));
  }
  return spec;
}

}  // namespace belfry
