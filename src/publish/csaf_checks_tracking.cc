// The mandatory tests on versions and revisions, CVSS scores and languages
// (publish/csaf_checks.h).

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <optional>
#include <set>

#include "core/date_time.h"
#include "core/text.h"
#include "publish/csaf_checks.h"
#include "publish/cvss.h"

namespace belfry::csaf_internal {

namespace json = boost::json;

namespace {

// A version of /document/tracking: integer ("3") or semantic ("1.2.0-rc.1+build").
struct Version {
  bool integer = false;
  uint64_t major = 0, minor = 0, patch = 0;
  std::string pre;  // pre-release, "" for none
};

std::optional<uint64_t> Number(std::string_view s) {
  if (s.empty() || s.size() > 18 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  uint64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  return n;
}

std::optional<Version> ParseVersion(std::string_view s) {
  Version v;
  if (auto n = Number(s)) {
    v.integer = true;
    v.major = *n;
    return v;
  }
  s = s.substr(0, s.find('+'));  // build metadata never counts
  const size_t dash = s.find('-');
  if (dash != std::string_view::npos) {
    v.pre = std::string(s.substr(dash + 1));
    s = s.substr(0, dash);
  }
  const size_t d1 = s.find('.'), d2 = d1 == std::string_view::npos ? d1 : s.find('.', d1 + 1);
  if (d2 == std::string_view::npos) return std::nullopt;
  auto a = Number(s.substr(0, d1)), b = Number(s.substr(d1 + 1, d2 - d1 - 1)),
       c = Number(s.substr(d2 + 1));
  if (!a || !b || !c) return std::nullopt;
  v.major = *a;
  v.minor = *b;
  v.patch = *c;
  return v;
}

// Semantic versioning's precedence (pre-release identifiers compared one by one).
int Compare(const Version& x, const Version& y) {
  if (x.major != y.major) return x.major < y.major ? -1 : 1;
  if (x.minor != y.minor) return x.minor < y.minor ? -1 : 1;
  if (x.patch != y.patch) return x.patch < y.patch ? -1 : 1;
  if (x.pre == y.pre) return 0;
  if (x.pre.empty()) return 1;
  if (y.pre.empty()) return -1;
  size_t i = 0, j = 0;
  for (;;) {
    if (i > x.pre.size() || j > y.pre.size()) break;
    size_t ei = x.pre.find('.', i), ej = y.pre.find('.', j);
    std::string a = x.pre.substr(i, ei == std::string::npos ? std::string::npos : ei - i);
    std::string b = y.pre.substr(j, ej == std::string::npos ? std::string::npos : ej - j);
    auto na = Number(a), nb = Number(b);
    if (a != b) {
      if (na && nb) return *na < *nb ? -1 : 1;
      if (na) return -1;
      if (nb) return 1;
      return a < b ? -1 : 1;
    }
    if (ei == std::string::npos || ej == std::string::npos)
      return ei == ej ? 0 : (ei == std::string::npos ? -1 : 1);
    i = ei + 1;
    j = ej + 1;
  }
  return 0;
}

struct Revision {
  std::string number;
  std::optional<Version> version;
  int64_t date = 0;
  size_t index = 0;
};

}  // namespace

void CheckTracking(const json::object& document, std::vector<CsafFinding>* out) {
  auto add = [&](const char* test, std::string path, std::string message) {
    out->push_back({test, std::move(path), std::move(message)});
  };
  auto it = document.find("tracking");
  if (it == document.end() || !it->value().is_object()) return;
  const json::object& tracking = it->value().as_object();
  const std::string status = JsonStr(tracking, "status");
  const std::string version_text = JsonStr(tracking, "version");
  const auto version = ParseVersion(version_text);
  const bool released = status == "final" || status == "interim";
  std::vector<Revision> history;
  if (auto h = tracking.find("revision_history"); h != tracking.end() && h->value().is_array()) {
    const auto& list = h->value().as_array();
    for (size_t i = 0; i < list.size(); ++i) {
      if (!list[i].is_object()) continue;
      Revision r;
      r.number = JsonStr(list[i].as_object(), "number");
      r.version = ParseVersion(r.number);
      r.date = ParseDateTimeMicros(JsonStr(list[i].as_object(), "date")).value_or(0);
      r.index = i;
      history.push_back(r);
    }
  }
  auto rpath = [](const Revision& r) {
    return fmt::format("/document/tracking/revision_history/{}/number", r.index);
  };
  // 6.1.30: one versioning scheme for the version and every revision.
  std::set<bool> schemes;
  if (version) schemes.insert(version->integer);
  for (const auto& r : history)
    if (r.version) schemes.insert(r.version->integer);
  if (schemes.size() > 1)
    add("6.1.30", "/document/tracking/version", "integer and semantic versions mixed");
  // 6.1.14: sorted by date, the numbers ascend (revisions of the same date in any order).
  for (size_t i = 0; i < history.size(); ++i)
    for (size_t j = 0; j < history.size(); ++j) {
      const auto &a = history[i], &b = history[j];
      if (a.date < b.date && a.version && b.version && a.version->integer == b.version->integer &&
          Compare(*a.version, *b.version) > 0) {
        add("6.1.14", rpath(b), "the revision history is not sorted by date and number alike");
        i = j = history.size();
      }
    }
  // 6.1.16: the version is the latest revision's (by date, then number).
  auto latest = history;
  std::stable_sort(latest.begin(), latest.end(), [](const Revision& a, const Revision& b) {
    if (a.date != b.date) return a.date < b.date;
    if (a.version && b.version && a.version->integer == b.version->integer)
      return Compare(*a.version, *b.version) < 0;
    return false;
  });
  if (version && !latest.empty() && latest.back().version) {
    Version v = *version, last = *latest.back().version;
    if (status == "draft") v.pre.clear(), last.pre.clear();
    if (v.integer != last.integer || Compare(v, last) != 0)
      add("6.1.16", "/document/tracking/version",
          fmt::format("version {} is not the latest revision's ({})", version_text,
                      latest.back().number));
  }
  // 6.1.17: a version 0, 0.y.z or a pre-release is a draft.
  if (version && (version->major == 0 || !version->pre.empty()) && status != "draft")
    add("6.1.17", "/document/tracking/status",
        fmt::format("version {} but status {}", version_text, status));
  // 6.1.20: a final or interim document has no pre-release version.
  if (version && released && !version->pre.empty())
    add("6.1.20", "/document/tracking/version", "a pre-release version in a released document");
  std::set<std::string> numbers;
  for (const auto& r : history) {
    if (released && r.version && r.version->major == 0)  // 6.1.18
      add("6.1.18", rpath(r), fmt::format("revision {} in a released document", r.number));
    if (r.version && !r.version->pre.empty())  // 6.1.19
      add("6.1.19", rpath(r), fmt::format("revision {} is a pre-release", r.number));
    std::string key = r.number.substr(0, r.number.find('+'));
    if (!numbers.insert(key).second)  // 6.1.22
      add("6.1.22", rpath(r), fmt::format("revision {} twice", r.number));
  }
  // 6.1.21: no revision missing, from 0 or 1 (the major version for semantic versioning).
  std::vector<uint64_t> majors;
  for (const auto& r : history)
    if (r.version) majors.push_back(r.version->major);
  std::sort(majors.begin(), majors.end());
  majors.erase(std::unique(majors.begin(), majors.end()), majors.end());
  if (!majors.empty()) {
    bool gap = majors.front() > 1;
    for (size_t i = 1; i < majors.size(); ++i) gap = gap || majors[i] != majors[i - 1] + 1;
    if (gap) add("6.1.21", "/document/tracking/revision_history", "a revision is missing");
  }
}

void CheckScores(const json::array& vulnerabilities, std::vector<CsafFinding>* out) {
  static const std::map<std::string, std::pair<std::string, std::map<std::string, std::string>>>
      kV3 = {
          {"attackVector", {"AV", {{"N", "NETWORK"}, {"A", "ADJACENT_NETWORK"}, {"L", "LOCAL"}, {"P", "PHYSICAL"}}}},
          {"attackComplexity", {"AC", {{"L", "LOW"}, {"H", "HIGH"}}}},
          {"privilegesRequired", {"PR", {{"N", "NONE"}, {"L", "LOW"}, {"H", "HIGH"}}}},
          {"userInteraction", {"UI", {{"N", "NONE"}, {"R", "REQUIRED"}}}},
          {"scope", {"S", {{"U", "UNCHANGED"}, {"C", "CHANGED"}}}},
          {"confidentialityImpact", {"C", {{"H", "HIGH"}, {"L", "LOW"}, {"N", "NONE"}}}},
          {"integrityImpact", {"I", {{"H", "HIGH"}, {"L", "LOW"}, {"N", "NONE"}}}},
          {"availabilityImpact", {"A", {{"H", "HIGH"}, {"L", "LOW"}, {"N", "NONE"}}}}};
  static const std::map<std::string, std::pair<std::string, std::map<std::string, std::string>>>
      kV2 = {
          {"accessVector", {"AV", {{"L", "LOCAL"}, {"A", "ADJACENT_NETWORK"}, {"N", "NETWORK"}}}},
          {"accessComplexity", {"AC", {{"H", "HIGH"}, {"M", "MEDIUM"}, {"L", "LOW"}}}},
          {"authentication", {"Au", {{"M", "MULTIPLE"}, {"S", "SINGLE"}, {"N", "NONE"}}}},
          {"confidentialityImpact", {"C", {{"N", "NONE"}, {"P", "PARTIAL"}, {"C", "COMPLETE"}}}},
          {"integrityImpact", {"I", {{"N", "NONE"}, {"P", "PARTIAL"}, {"C", "COMPLETE"}}}},
          {"availabilityImpact", {"A", {{"N", "NONE"}, {"P", "PARTIAL"}, {"C", "COMPLETE"}}}}};
  auto add = [&](const char* test, std::string path, std::string message) {
    out->push_back({test, std::move(path), std::move(message)});
  };
  for (size_t v = 0; v < vulnerabilities.size(); ++v) {
    if (!vulnerabilities[v].is_object()) continue;
    auto scores = vulnerabilities[v].as_object().find("scores");
    if (scores == vulnerabilities[v].as_object().end() || !scores->value().is_array()) continue;
    std::set<std::string> seen;  // product + CVSS version (6.1.7)
    const auto& list = scores->value().as_array();
    for (size_t s = 0; s < list.size(); ++s) {
      if (!list[s].is_object()) continue;
      const auto& score = list[s].as_object();
      const std::string p = fmt::format("/vulnerabilities/{}/scores/{}", v, s);
      for (const char* kind : {"cvss_v2", "cvss_v3"}) {
        auto it = score.find(kind);
        if (it == score.end() || !it->value().is_object()) continue;
        const auto& cvss = it->value().as_object();
        const std::string cp = p + "/" + kind;
        const bool v3 = std::string_view(kind) == "cvss_v3";
        const std::string version = JsonStr(cvss, "version");
        if (auto products = score.find("products");
            products != score.end() && products->value().is_array())
          for (const auto& id : products->value().as_array())
            if (id.is_string() &&
                !seen.insert(std::string(id.as_string()) + "|" + (v3 ? "3" : "2") + version).second)
              add("6.1.7", p, fmt::format("{} has two CVSS {} scores", std::string(id.as_string()), version));
        // 6.1.8: what the CVSS schema requires.
        auto base_it = cvss.find("baseScore");
        const bool has_score = base_it != cvss.end() && base_it->value().is_number();
        const std::string severity = JsonStr(cvss, "baseSeverity");
        if (version.empty() || JsonStr(cvss, "vectorString").empty() || !has_score ||
            (v3 && severity.empty()) || (v3 ? version != "3.0" && version != "3.1" : version != "2.0")) {
          add("6.1.8", cp, "not a valid CVSS object (version, vectorString, baseScore"
                           + std::string(v3 ? ", baseSeverity" : "") + ")");
          continue;
        }
        auto parsed = v3 ? ParseCvss3(JsonStr(cvss, "vectorString")) : ParseCvss2(JsonStr(cvss, "vectorString"));
        if (!parsed || (v3 && parsed->version != version)) {
          add("6.1.8", cp + "/vectorString",
              parsed ? "the vector's version differs from version" : parsed.error().message());
          continue;
        }
        // 6.1.9: the scores are the vector's.
        const double given = base_it->value().to_number<double>();
        if (std::abs(given - parsed->base) > 0.05)
          add("6.1.9", cp + "/baseScore",
              fmt::format("baseScore {} but the vector computes {:.1f}", given, parsed->base));
        if (v3 && severity != AsciiUpperCopy(parsed->severity))
          add("6.1.9", cp + "/baseSeverity",
              fmt::format("baseSeverity {} but the score is {}", severity, parsed->severity));
        // 6.1.10: properties agree with the vector.
        for (const auto& [property, metric] : v3 ? kV3 : kV2) {
          const std::string given_value = JsonStr(cvss, property);
          if (given_value.empty()) continue;
          auto value = parsed->metrics.find(metric.first);
          if (value == parsed->metrics.end()) continue;
          auto name = metric.second.find(value->second);
          if (name != metric.second.end() && name->second != given_value)
            add("6.1.10", cp + "/" + property,
                fmt::format("{} is {} but the vector says {}:{}", property, given_value,
                            metric.first, value->second));
        }
      }
    }
  }
}

void CheckLanguages(const json::object& document, std::vector<CsafFinding>* out) {
  // ISO 639-1: the two-letter primary language subtags of BCP 47.
  static const std::set<std::string> kTwoLetter = {
      "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg",
      "bh", "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv",
      "cy", "da", "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi",
      "fj", "fo", "fr", "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr",
      "ht", "hu", "hy", "hz", "ia", "id", "ie", "ig", "ii", "ik", "in", "io", "is", "it", "iu",
      "iw", "ja", "ji", "jv", "ka", "kg", "ki", "kj", "kk", "kl", "km", "kn", "ko", "kr", "ks",
      "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo", "lt", "lu", "lv", "mg", "mh",
      "mi", "mk", "ml", "mn", "mo", "mr", "ms", "mt", "my", "na", "nb", "nd", "ne", "ng", "nl",
      "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl", "ps", "pt",
      "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "sh", "si", "sk", "sl",
      "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti",
      "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi",
      "vo", "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu"};
  auto add = [&](const char* test, std::string path, std::string message) {
    out->push_back({test, std::move(path), std::move(message)});
  };
  const std::string lang = JsonStr(document, "lang"), source = JsonStr(document, "source_lang");
  for (const auto& [key, value] : {std::pair{"lang", lang}, std::pair{"source_lang", source}}) {
    if (value.empty()) continue;
    const std::string primary = AsciiLowerCopy(value.substr(0, value.find('-')));
    const bool letters = std::all_of(primary.begin(), primary.end(),
                                     [](char c) { return c >= 'a' && c <= 'z'; });
    // Two letters: ISO 639-1; three: ISO 639-2/3 (not listed here, accepted by form); the
    // private use "x-" and "i-" grandfathered forms by form.
    const bool ok = letters && ((primary.size() == 2 && kTwoLetter.count(primary)) ||
                                primary.size() == 3 || primary == "x" || primary == "i");
    if (!ok) add("6.1.12", fmt::format("/document/{}", key), fmt::format("'{}' is not a language", value));
  }
  if (auto publisher = document.find("publisher");
      publisher != document.end() && publisher->value().is_object() &&
      JsonStr(publisher->value().as_object(), "category") == "translator" && source.empty())
    add("6.1.15", "/document/source_lang", "a translator's document names its source language");
  if (!lang.empty() && EqualsIgnoreCase(lang, source))
    add("6.1.28", "/document/source_lang", "a translation into its own language");
}

}  // namespace belfry::csaf_internal
