#include "model/taxonomy.h"

#include <algorithm>
#include <utility>

#include "core/text.h"

namespace belfry {
namespace {

struct TypeRow {
  std::string_view type;
  std::string_view taxonomy;
};

// IntelMQ taxonomy expert's table (RSIT plus IntelMQ's own "other" types).
constexpr TypeRow kTypes[] = {
    {"spam", "abusive-content"},
    {"harmful-speech", "abusive-content"},
    {"violence", "abusive-content"},
    {"ddos", "availability"},
    {"dos", "availability"},
    {"outage", "availability"},
    {"sabotage", "availability"},
    {"misconfiguration", "availability"},
    {"copyright", "fraud"},
    {"masquerade", "fraud"},
    {"phishing", "fraud"},
    {"unauthorized-use-of-resources", "fraud"},
    {"unauthorised-information-access", "information-content-security"},
    {"unauthorised-information-modification", "information-content-security"},
    {"data-loss", "information-content-security"},
    {"data-leak", "information-content-security"},
    {"scanner", "information-gathering"},
    {"sniffing", "information-gathering"},
    {"social-engineering", "information-gathering"},
    {"brute-force", "intrusion-attempts"},
    {"exploit", "intrusion-attempts"},
    {"ids-alert", "intrusion-attempts"},
    {"application-compromise", "intrusions"},
    {"burglary", "intrusions"},
    {"privileged-account-compromise", "intrusions"},
    {"system-compromise", "intrusions"},
    {"unprivileged-account-compromise", "intrusions"},
    {"c2-server", "malicious-code"},
    {"infected-system", "malicious-code"},
    {"malware-configuration", "malicious-code"},
    {"malware-distribution", "malicious-code"},
    {"ddos-amplifier", "vulnerable"},
    {"information-disclosure", "vulnerable"},
    {"potentially-unwanted-accessible", "vulnerable"},
    {"vulnerable-system", "vulnerable"},
    {"weak-crypto", "vulnerable"},
    {"dga-domain", "other"},
    {"blacklist", "other"},
    {"other", "other"},
    {"undetermined", "other"},
    {"malware", "other"},
    {"proxy", "other"},
    {"tor", "other"},
    {"test", "test"},
};

constexpr std::pair<std::string_view, std::string_view> kTypeAliases[] = {
    {"botnet drone", "infected-system"},
    {"infected system", "infected-system"},
    {"ransomware", "infected-system"},
    {"c&c", "c2-server"},
    {"c2server", "c2-server"},
    {"leak", "data-leak"},
    {"vulnerable client", "vulnerable-system"},
    {"vulnerable service", "vulnerable-system"},
    {"unknown", "undetermined"},
    {"dga domain", "dga-domain"},
    {"unauthorized-login", "system-compromise"},
    {"unauthorized-command", "system-compromise"},
    {"compromised", "system-compromise"},
    {"backdoor", "system-compromise"},
    {"defacement", "unauthorised-information-modification"},
    {"dropzone", "other"},
    {"malware configuration", "malware-configuration"},
    {"ids alert", "ids-alert"},
    {"information disclosure", "information-disclosure"},
};

constexpr std::string_view kTaxonomies[] = {"abusive-content",
                                            "availability",
                                            "fraud",
                                            "information-content-security",
                                            "information-gathering",
                                            "intrusion-attempts",
                                            "intrusions",
                                            "malicious-code",
                                            "other",
                                            "test",
                                            "vulnerable"};

constexpr std::pair<std::string_view, std::string_view> kTaxonomyAliases[] = {
    {"abusive content", "abusive-content"},
    {"information content security", "information-content-security"},
    {"information gathering", "information-gathering"},
    {"intrusion attempts", "intrusion-attempts"},
    {"malicious code", "malicious-code"},
};

}  // namespace

std::optional<std::string_view> Taxonomy::CanonicalType(std::string_view value) {
  std::string lower = AsciiLowerCopy(TrimAscii(value));
  for (const auto& row : kTypes)
    if (row.type == lower) return row.type;
  for (const auto& [alias, canon] : kTypeAliases)
    if (alias == lower) return canon;
  return std::nullopt;
}

std::optional<std::string_view> Taxonomy::CanonicalTaxonomy(std::string_view value) {
  std::string lower = AsciiLowerCopy(TrimAscii(value));
  for (auto t : kTaxonomies)
    if (t == lower) return t;
  for (const auto& [alias, canon] : kTaxonomyAliases)
    if (alias == lower) return canon;
  return std::nullopt;
}

std::string_view Taxonomy::TaxonomyOfType(std::string_view type) {
  for (const auto& row : kTypes)
    if (row.type == type) return row.taxonomy;
  return "other";
}

const std::vector<std::string_view>& Taxonomy::Types() {
  static const std::vector<std::string_view> v = [] {
    std::vector<std::string_view> out;
    for (const auto& row : kTypes) out.push_back(row.type);
    std::sort(out.begin(), out.end());
    return out;
  }();
  return v;
}

const std::vector<std::string_view>& Taxonomy::Taxonomies() {
  static const std::vector<std::string_view> v(std::begin(kTaxonomies), std::end(kTaxonomies));
  return v;
}

}  // namespace belfry
