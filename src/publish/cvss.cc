#include "publish/cvss.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>

namespace belfry {

namespace {

// The specification's Roundup (v3.1, Appendix A): the smallest one-decimal number not below
// the input, computed on integers so that 4.000000001 is not rounded to 4.1.
double Roundup31(double x) {
  const int64_t i = std::llround(x * 100000);
  if (i % 10000 == 0) return static_cast<double>(i) / 100000.0;
  return static_cast<double>(i / 10000 + 1) / 10.0;
}

double Roundup30(double x) { return std::ceil(x * 10) / 10; }

// Allowed values of every metric (base, temporal, environmental).
const std::map<std::string, std::set<std::string>, std::less<>>& Metrics() {
  static const std::map<std::string, std::set<std::string>, std::less<>> m = {
      {"AV", {"N", "A", "L", "P"}}, {"AC", {"L", "H"}}, {"PR", {"N", "L", "H"}},
      {"UI", {"N", "R"}}, {"S", {"U", "C"}}, {"C", {"H", "L", "N"}}, {"I", {"H", "L", "N"}},
      {"A", {"H", "L", "N"}},
      // temporal
      {"E", {"X", "H", "F", "P", "U"}}, {"RL", {"X", "U", "W", "T", "O"}},
      {"RC", {"X", "C", "R", "U"}},
      // environmental
      {"CR", {"X", "H", "M", "L"}}, {"IR", {"X", "H", "M", "L"}}, {"AR", {"X", "H", "M", "L"}},
      {"MAV", {"X", "N", "A", "L", "P"}}, {"MAC", {"X", "L", "H"}},
      {"MPR", {"X", "N", "L", "H"}}, {"MUI", {"X", "N", "R"}}, {"MS", {"X", "U", "C"}},
      {"MC", {"X", "H", "L", "N"}}, {"MI", {"X", "H", "L", "N"}}, {"MA", {"X", "H", "L", "N"}},
  };
  return m;
}

constexpr const char* kBase[] = {"AV", "AC", "PR", "UI", "S", "C", "I", "A"};

}  // namespace

std::string_view CvssSeverity(double score) {
  if (score <= 0) return "None";
  if (score < 4.0) return "Low";
  if (score < 7.0) return "Medium";
  if (score < 9.0) return "High";
  return "Critical";
}

Result<CvssScore> ParseCvss3(std::string_view vector) {
  auto bad = [&](const std::string& why) {
    return Fail(Error::InvalidInput(fmt::format("CVSS vector '{}': {}", vector.substr(0, 120), why)));
  };
  CvssScore out;
  if (vector.rfind("CVSS:3.1/", 0) == 0) {
    out.version = "3.1";
  } else if (vector.rfind("CVSS:3.0/", 0) == 0) {
    out.version = "3.0";
  } else {
    return bad("must start with CVSS:3.1/ or CVSS:3.0/");
  }
  std::map<std::string, std::string, std::less<>> values;
  std::string_view rest = vector.substr(9);
  while (!rest.empty()) {
    const size_t slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (slash != std::string_view::npos && rest.empty()) return bad("ends with '/'");
    const size_t colon = part.find(':');
    if (colon == std::string_view::npos) return bad(fmt::format("'{}' is not METRIC:VALUE", part));
    std::string key(part.substr(0, colon)), value(part.substr(colon + 1));
    auto allowed = Metrics().find(key);
    if (allowed == Metrics().end()) return bad(fmt::format("unknown metric '{}'", key));
    if (!allowed->second.count(value))
      return bad(fmt::format("'{}' is not a value of {}", value, key));
    if (!values.emplace(key, value).second) return bad(fmt::format("{} given twice", key));
  }
  for (const char* m : kBase)
    if (!values.count(m)) return bad(fmt::format("the base metric {} is missing", m));
  const bool changed = values["S"] == "C";
  const std::map<std::string, double> av = {{"N", 0.85}, {"A", 0.62}, {"L", 0.55}, {"P", 0.2}};
  const std::map<std::string, double> ac = {{"L", 0.77}, {"H", 0.44}};
  const std::map<std::string, double> pr = {
      {"N", 0.85}, {"L", changed ? 0.68 : 0.62}, {"H", changed ? 0.5 : 0.27}};
  const std::map<std::string, double> ui = {{"N", 0.85}, {"R", 0.62}};
  const std::map<std::string, double> cia = {{"H", 0.56}, {"L", 0.22}, {"N", 0}};
  const double iss =
      1 - (1 - cia.at(values["C"])) * (1 - cia.at(values["I"])) * (1 - cia.at(values["A"]));
  const double impact =
      changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
  const double exploitability =
      8.22 * av.at(values["AV"]) * ac.at(values["AC"]) * pr.at(values["PR"]) * ui.at(values["UI"]);
  auto roundup = out.version == "3.1" ? Roundup31 : Roundup30;
  if (impact <= 0) {
    out.base = 0;
  } else if (changed) {
    out.base = roundup(std::min(1.08 * (impact + exploitability), 10.0));
  } else {
    out.base = roundup(std::min(impact + exploitability, 10.0));
  }
  out.vector = std::string(vector);
  out.metrics = values;
  out.severity = std::string(CvssSeverity(out.base));
  return out;
}

Result<CvssScore> ParseCvss2(std::string_view vector) {
  auto bad = [&](const std::string& why) {
    return Fail(Error::InvalidInput(fmt::format("CVSS v2 vector '{}': {}", vector.substr(0, 120), why)));
  };
  static const std::map<std::string, std::map<std::string, double>, std::less<>> kBase2 = {
      {"AV", {{"L", 0.395}, {"A", 0.646}, {"N", 1.0}}},
      {"AC", {{"H", 0.35}, {"M", 0.61}, {"L", 0.71}}},
      {"Au", {{"M", 0.45}, {"S", 0.56}, {"N", 0.704}}},
      {"C", {{"N", 0}, {"P", 0.275}, {"C", 0.660}}},
      {"I", {{"N", 0}, {"P", 0.275}, {"C", 0.660}}},
      {"A", {{"N", 0}, {"P", 0.275}, {"C", 0.660}}}};
  static const std::map<std::string, std::set<std::string>, std::less<>> kOther2 = {
      {"E", {"U", "POC", "F", "H", "ND"}},   {"RL", {"OF", "TF", "W", "U", "ND"}},
      {"RC", {"UC", "UR", "C", "ND"}},       {"CDP", {"N", "L", "LM", "MH", "H", "ND"}},
      {"TD", {"N", "L", "M", "H", "ND"}},    {"CR", {"L", "M", "H", "ND"}},
      {"IR", {"L", "M", "H", "ND"}},         {"AR", {"L", "M", "H", "ND"}}};
  CvssScore out;
  out.version = "2.0";
  std::string_view rest = vector;
  if (rest.rfind("(", 0) == 0 && rest.size() > 1 && rest.back() == ')')
    rest = rest.substr(1, rest.size() - 2);
  while (!rest.empty()) {
    const size_t slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (slash != std::string_view::npos && rest.empty()) return bad("ends with '/'");
    const size_t colon = part.find(':');
    if (colon == std::string_view::npos) return bad(fmt::format("'{}' is not METRIC:VALUE", part));
    std::string key(part.substr(0, colon)), value(part.substr(colon + 1));
    auto base = kBase2.find(key);
    auto other = kOther2.find(key);
    if (base != kBase2.end() ? !base->second.count(value)
                             : (other == kOther2.end() || !other->second.count(value)))
      return bad(fmt::format("'{}' is not a metric and value of CVSS v2", part));
    if (!out.metrics.emplace(key, value).second) return bad(fmt::format("{} given twice", key));
  }
  for (const auto& [m, values] : kBase2)
    if (!out.metrics.count(m)) return bad(fmt::format("the base metric {} is missing", m));
  auto w = [&](const char* m) { return kBase2.at(m).at(out.metrics.at(m)); };
  const double impact = 10.41 * (1 - (1 - w("C")) * (1 - w("I")) * (1 - w("A")));
  const double exploitability = 20 * w("AV") * w("AC") * w("Au");
  const double f = impact == 0 ? 0 : 1.176;
  out.base = std::round(((0.6 * impact) + (0.4 * exploitability) - 1.5) * f * 10) / 10;
  if (out.base < 0) out.base = 0;
  out.vector = std::string(vector);
  return out;
}

}  // namespace belfry
