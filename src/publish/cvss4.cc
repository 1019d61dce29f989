// CVSS v4.0 scores from vectors (FIRST's CVSS v4.0 specification, section 8): the vector's
// MacroVector (its level in each of six equivalence classes) gives a score from FIRST's
// table, lowered by how far the vector is from the most severe vectors of that MacroVector,
// relative to the score of the next lower MacroVector in each class.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

#include "publish/cvss.h"

namespace belfry {

namespace {

struct Cvss4Macro {
  const char* key;
  double score;
};
#include "publish/cvss4_lookup.inc"

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

double Lookup(const std::array<int, 6>& eq) {
  char key[7];
  for (int i = 0; i < 6; ++i) {
    if (eq[i] < 0 || eq[i] > 2) return kNone;
    key[i] = static_cast<char>('0' + eq[i]);
  }
  key[6] = 0;
  auto it = std::lower_bound(std::begin(kCvss4Lookup), std::end(kCvss4Lookup), key,
                             [](const Cvss4Macro& m, const char* k) { return std::strcmp(m.key, k) < 0; });
  return it != std::end(kCvss4Lookup) && std::strcmp(it->key, key) == 0 ? it->score : kNone;
}

// The metrics a vector may hold and their values; the first eleven are the base metrics,
// all required.
struct MetricDef {
  const char* name;
  std::vector<const char*> values;
};
const std::vector<MetricDef>& Metrics() {
  static const std::vector<MetricDef> kMetrics = {
      {"AV", {"N", "A", "L", "P"}},      {"AC", {"L", "H"}},      {"AT", {"N", "P"}},
      {"PR", {"N", "L", "H"}},           {"UI", {"N", "P", "A"}}, {"VC", {"H", "L", "N"}},
      {"VI", {"H", "L", "N"}},           {"VA", {"H", "L", "N"}}, {"SC", {"H", "L", "N"}},
      {"SI", {"H", "L", "N"}},           {"SA", {"H", "L", "N"}},
      // Threat, environmental, supplemental.
      {"E", {"X", "A", "P", "U"}},       {"CR", {"X", "H", "M", "L"}},
      {"IR", {"X", "H", "M", "L"}},      {"AR", {"X", "H", "M", "L"}},
      {"MAV", {"X", "N", "A", "L", "P"}}, {"MAC", {"X", "L", "H"}},
      {"MAT", {"X", "N", "P"}},          {"MPR", {"X", "N", "L", "H"}},
      {"MUI", {"X", "N", "P", "A"}},     {"MVC", {"X", "H", "L", "N"}},
      {"MVI", {"X", "H", "L", "N"}},     {"MVA", {"X", "H", "L", "N"}},
      {"MSC", {"X", "H", "L", "N"}},     {"MSI", {"X", "S", "H", "L", "N"}},
      {"MSA", {"X", "S", "H", "L", "N"}}, {"S", {"X", "N", "P"}},
      {"AU", {"X", "N", "Y"}},           {"R", {"X", "A", "U", "I"}},
      {"V", {"X", "D", "C"}},            {"RE", {"X", "L", "M", "H"}},
      {"U", {"X", "Clear", "Green", "Amber", "Red"}}};
  return kMetrics;
}
constexpr size_t kBaseMetrics = 11;

using Values = std::map<std::string, std::string, std::less<>>;

// The value a metric counts with: the modified one when given, else the base one; E not
// given counts as Attacked and a security requirement not given as High (specification 8.1).
std::string Effective(const Values& v, const std::string& m) {
  auto get = [&](const std::string& k) -> std::string {
    auto it = v.find(k);
    return it == v.end() ? "X" : it->second;
  };
  if (m == "E") {
    std::string e = get("E");
    return e == "X" ? "A" : e;
  }
  if (m == "CR" || m == "IR" || m == "AR") {
    std::string r = get(m);
    return r == "X" ? "H" : r;
  }
  std::string modified = get("M" + m);
  return modified != "X" ? modified : get(m);
}

std::array<int, 6> MacroVector(const Values& v) {
  auto m = [&](const char* k) { return Effective(v, k); };
  std::array<int, 6> eq{};
  const bool av_n = m("AV") == "N", pr_n = m("PR") == "N", ui_n = m("UI") == "N";
  if (av_n && pr_n && ui_n)
    eq[0] = 0;
  else if ((av_n || pr_n || ui_n) && m("AV") != "P")
    eq[0] = 1;
  else
    eq[0] = 2;
  eq[1] = m("AC") == "L" && m("AT") == "N" ? 0 : 1;
  const bool vc_h = m("VC") == "H", vi_h = m("VI") == "H", va_h = m("VA") == "H";
  eq[2] = vc_h && vi_h ? 0 : (vc_h || vi_h || va_h) ? 1 : 2;
  if (m("SI") == "S" || m("SA") == "S")
    eq[3] = 0;
  else
    eq[3] = m("SC") == "H" || m("SI") == "H" || m("SA") == "H" ? 1 : 2;
  const std::string e = m("E");
  eq[4] = e == "A" ? 0 : e == "P" ? 1 : 2;
  eq[5] = (m("CR") == "H" && vc_h) || (m("IR") == "H" && vi_h) || (m("AR") == "H" && va_h) ? 0 : 1;
  return eq;
}

// Each value's severity level, in steps of 0.1 (0 = the most severe).
double Level(const std::string& metric, const std::string& value) {
  static const std::map<std::string, std::map<std::string, double>> kLevels = {
      {"AV", {{"N", 0.0}, {"A", 0.1}, {"L", 0.2}, {"P", 0.3}}},
      {"PR", {{"N", 0.0}, {"L", 0.1}, {"H", 0.2}}},
      {"UI", {{"N", 0.0}, {"P", 0.1}, {"A", 0.2}}},
      {"AC", {{"L", 0.0}, {"H", 0.1}}},
      {"AT", {{"N", 0.0}, {"P", 0.1}}},
      {"VC", {{"H", 0.0}, {"L", 0.1}, {"N", 0.2}}},
      {"VI", {{"H", 0.0}, {"L", 0.1}, {"N", 0.2}}},
      {"VA", {{"H", 0.0}, {"L", 0.1}, {"N", 0.2}}},
      {"SC", {{"H", 0.1}, {"L", 0.2}, {"N", 0.3}}},
      {"SI", {{"S", 0.0}, {"H", 0.1}, {"L", 0.2}, {"N", 0.3}}},
      {"SA", {{"S", 0.0}, {"H", 0.1}, {"L", 0.2}, {"N", 0.3}}},
      {"CR", {{"H", 0.0}, {"M", 0.1}, {"L", 0.2}}},
      {"IR", {{"H", 0.0}, {"M", 0.1}, {"L", 0.2}}},
      {"AR", {{"H", 0.0}, {"M", 0.1}, {"L", 0.2}}}};
  return kLevels.at(metric).at(value);
}

// The most severe vectors of each class's level (as partial vectors), and the class's depth
// (its largest severity distance, in steps), from the specification.
const std::vector<std::string>& Maxima(int eq, int level, int eq6) {
  static const std::vector<std::string> kEq1[] = {
      {"AV:N/PR:N/UI:N/"}, {"AV:A/PR:N/UI:N/", "AV:N/PR:L/UI:N/", "AV:N/PR:N/UI:P/"},
      {"AV:P/PR:N/UI:N/", "AV:A/PR:L/UI:P/"}};
  static const std::vector<std::string> kEq2[] = {{"AC:L/AT:N/"}, {"AC:H/AT:N/", "AC:L/AT:P/"}};
  static const std::vector<std::string> kEq3Eq6[3][2] = {
      {{"VC:H/VI:H/VA:H/CR:H/IR:H/AR:H/"},
       {"VC:H/VI:H/VA:L/CR:M/IR:M/AR:H/", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M/"}},
      {{"VC:L/VI:H/VA:H/CR:H/IR:H/AR:H/", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H/"},
       {"VC:L/VI:H/VA:L/CR:H/IR:M/AR:H/", "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M/",
        "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M/", "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H/",
        "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M/"}},
      {{}, {"VC:L/VI:L/VA:L/CR:H/IR:H/AR:H/"}}};
  static const std::vector<std::string> kEq4[] = {
      {"SC:H/SI:S/SA:S/"}, {"SC:H/SI:H/SA:H/"}, {"SC:L/SI:L/SA:L/"}};
  static const std::vector<std::string> kEq5[] = {{"E:A/"}, {"E:P/"}, {"E:U/"}};
  switch (eq) {
    case 0: return kEq1[level];
    case 1: return kEq2[level];
    case 2: return kEq3Eq6[level][eq6];
    case 3: return kEq4[level];
    default: return kEq5[level];
  }
}

double Depth(int eq, int level, int eq6) {
  static const double kEq1[] = {1, 4, 5}, kEq2[] = {1, 2}, kEq4[] = {6, 5, 4};
  static const double kEq3Eq6[3][2] = {{7, 6}, {8, 8}, {0, 10}};
  switch (eq) {
    case 0: return kEq1[level];
    case 1: return kEq2[level];
    case 2: return kEq3Eq6[level][eq6];
    case 3: return kEq4[level];
    default: return 1;
  }
}

std::string ValueIn(const std::string& partial, const std::string& metric) {
  const std::string key = metric + ":";
  for (size_t pos = 0; pos < partial.size();) {
    size_t end = partial.find('/', pos);
    std::string item = partial.substr(pos, end - pos);
    if (item.rfind(key, 0) == 0) return item.substr(key.size());
    pos = end == std::string::npos ? partial.size() : end + 1;
  }
  return "";
}

// Each metric's severity distance from the first most severe vector of the MacroVector that
// the vector does not exceed in any metric.
std::optional<std::map<std::string, double>> Distances(const Values& v,
                                                       const std::array<int, 6>& eq) {
  static const char* kDistanceMetrics[] = {"AV", "PR", "UI", "AC", "AT", "VC", "VI",
                                           "VA", "SC", "SI", "SA", "CR", "IR", "AR"};
  for (const auto& m1 : Maxima(0, eq[0], 0))
    for (const auto& m2 : Maxima(1, eq[1], 0))
      for (const auto& m3 : Maxima(2, eq[2], eq[5]))
        for (const auto& m4 : Maxima(3, eq[3], 0))
          for (const auto& m5 : Maxima(4, eq[4], 0)) {
            const std::string max = m1 + m2 + m3 + m4 + m5;
            std::map<std::string, double> distance;
            bool fits = true;
            for (const char* m : kDistanceMetrics) {
              distance[m] = Level(m, Effective(v, m)) - Level(m, ValueIn(max, m));
              fits = fits && distance[m] > -1e-9;
            }
            if (fits) return distance;
          }
  return std::nullopt;
}

double Score(const Values& v) {
  bool impact = false;
  for (const char* m : {"VC", "VI", "VA", "SC", "SI", "SA"}) impact = impact || Effective(v, m) != "N";
  if (!impact) return 0.0;
  const std::array<int, 6> eq = MacroVector(v);
  const double value = Lookup(eq);
  // The next lower MacroVector in each class (EQ3 and EQ6 move together).
  auto lower = [&](int i) {
    std::array<int, 6> n = eq;
    ++n[i];
    return Lookup(n);
  };
  const double lower_eq1 = lower(0), lower_eq2 = lower(1), lower_eq4 = lower(3),
               lower_eq5 = lower(4);
  double lower_eq3eq6;
  {
    std::array<int, 6> a = eq, b = eq;
    if (eq[2] == 0 && eq[5] == 0) {
      ++a[5];
      ++b[2];
      lower_eq3eq6 = std::max(Lookup(a), Lookup(b));  // NaN only when both are
      if (std::isnan(Lookup(a))) lower_eq3eq6 = Lookup(b);
      if (std::isnan(Lookup(b))) lower_eq3eq6 = Lookup(a);
    } else if (eq[2] == 1 && eq[5] == 0) {
      ++a[5];
      lower_eq3eq6 = Lookup(a);
    } else if (eq[5] == 1 && eq[2] < 2) {
      ++a[2];
      lower_eq3eq6 = Lookup(a);
    } else {
      ++a[2];
      ++a[5];
      lower_eq3eq6 = Lookup(a);  // none below 2/1
    }
  }
  auto found = Distances(v, eq);
  if (!found) return value;  // cannot happen for a valid vector: the MacroVector's score
  std::map<std::string, double>& distance = *found;
  const double step = 0.1;
  const double d_eq1 = distance["AV"] + distance["PR"] + distance["UI"];
  const double d_eq2 = distance["AC"] + distance["AT"];
  const double d_eq3eq6 = distance["VC"] + distance["VI"] + distance["VA"] + distance["CR"] +
                          distance["IR"] + distance["AR"];
  const double d_eq4 = distance["SC"] + distance["SI"] + distance["SA"];
  double sum = 0;
  int n = 0;
  auto add = [&](double lower_score, double current, double depth) {
    if (std::isnan(lower_score)) return;
    ++n;
    sum += (value - lower_score) * (current / (depth * step));
  };
  add(lower_eq1, d_eq1, Depth(0, eq[0], 0));
  add(lower_eq2, d_eq2, Depth(1, eq[1], 0));
  add(lower_eq3eq6, d_eq3eq6, Depth(2, eq[2], eq[5]));
  add(lower_eq4, d_eq4, Depth(3, eq[3], 0));
  add(lower_eq5, 0, 1);  // EQ5 has one vector per level: no distance within it
  double score = value - (n ? sum / n : 0.0);
  score = std::clamp(score, 0.0, 10.0);
  return std::floor(score * 10 + 0.5 + 1e-6) / 10;
}

}  // namespace

Result<CvssScore> ParseCvss4(std::string_view vector) {
  CvssScore out;
  out.vector = std::string(vector);
  out.version = "4.0";
  constexpr std::string_view kPrefix = "CVSS:4.0/";
  if (vector.substr(0, kPrefix.size()) != kPrefix)
    return Fail(Error::InvalidInput(fmt::format("'{}': a CVSS v4 vector starts with CVSS:4.0/",
                                                vector)));
  std::string_view rest = vector.substr(kPrefix.size());
  Values values;
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view item = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    size_t colon = item.find(':');
    if (colon == std::string_view::npos || colon == 0)
      return Fail(Error::InvalidInput(fmt::format("'{}': '{}' is not METRIC:VALUE", vector, item)));
    std::string name(item.substr(0, colon)), value(item.substr(colon + 1));
    const MetricDef* def = nullptr;
    for (const auto& m : Metrics())
      if (name == m.name) def = &m;
    if (!def)
      return Fail(Error::InvalidInput(fmt::format("'{}': unknown metric {}", vector, name)));
    if (std::find(def->values.begin(), def->values.end(), value) == def->values.end())
      return Fail(Error::InvalidInput(fmt::format("'{}': {} cannot be {}", vector, name, value)));
    if (!values.emplace(name, value).second)
      return Fail(Error::InvalidInput(fmt::format("'{}': {} given twice", vector, name)));
  }
  for (size_t i = 0; i < kBaseMetrics; ++i)
    if (!values.count(Metrics()[i].name))
      return Fail(Error::InvalidInput(
          fmt::format("'{}': the base metric {} is missing", vector, Metrics()[i].name)));
  out.base = Score(values);
  out.severity = std::string(CvssSeverity(out.base));
  for (auto& [k, v] : values) out.metrics.emplace(k, v);
  return out;
}

Result<CvssScore> ParseCvss(std::string_view vector) {
  if (vector.substr(0, 9) == "CVSS:4.0/") return ParseCvss4(vector);
  return ParseCvss3(vector);
}

}  // namespace belfry
