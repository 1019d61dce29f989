#include "publish/rfc2350.h"

#include <fmt/format.h>

#include <vector>

#include "core/text.h"

namespace belfry {

namespace {

struct Section {
  std::string number, title, text;  // text "" for a heading with subsections
};

std::string Or(const std::string& given, const std::string& fallback) {
  return given.empty() ? fallback : given;
}

std::vector<Section> Sections(const TeamConfig& t, const Rfc2350Context& c) {
  const std::string na = "Not applicable.";
  const std::string key =
      c.key_fingerprint.empty()
          ? "No team key is published."
          : fmt::format("The team's OpenPGP key, fingerprint {}, is published at {}/.well-known/"
                        "csaf/openpgp/{}.asc. Use it to encrypt sensitive reports and to verify "
                        "what the team signs (this document, its advisories, its notifications).",
                        c.key_fingerprint, c.base_url, c.key_fingerprint);
  return {
      {"1", "Document Information", ""},
      {"1.1", "Date of Last Update", c.date + "."},
      {"1.2", "Distribution List for Notifications",
       Or(t.distribution_list,
          fmt::format("Changes to this document are announced in the team's Atom feeds "
                      "({}/feeds/).", c.base_url))},
      {"1.3", "Locations where this Document May Be Found",
       fmt::format("{0}/rfc2350.txt (OpenPGP clear-signed text) and {0}/rfc2350.html.",
                   c.base_url)},
      {"2", "Contact Information", ""},
      {"2.1", "Name of the Team", fmt::format("{} ({})", t.name, t.short_name)},
      {"2.2", "Address", Or(t.address, na)},
      {"2.3", "Time Zone", t.timezone},
      {"2.4", "Telephone Number", Or(t.phone, na)},
      {"2.5", "Facsimile Number", Or(t.fax, na)},
      {"2.6", "Other Telecommunication", Or(t.other_telecommunication, na)},
      {"2.7", "Electronic Mail Address",
       fmt::format("{}: incident reports and every other matter.", t.email)},
      {"2.8", "Public Keys and Encryption Information", key},
      {"2.9", "Team Members", Or(t.members, "The team's members are not listed publicly.")},
      {"2.10", "Other Information",
       Or(t.other_information, fmt::format("The team's site: {}. Languages: {}.", t.website,
                                           c.languages))},
      {"2.11", "Points of Customer Contact",
       Or(t.customer_contact,
          fmt::format("Mail to {} is the preferred way to reach the team. Business hours are "
                      "Monday to Friday, 08:00 to 18:00 ({}); an officer on duty handles "
                      "urgent cases outside them.",
                      t.email, t.timezone))},
      {"3", "Charter", ""},
      {"3.1", "Mission Statement",
       Or(t.mission, fmt::format("{} helps its constituency prevent, detect and respond to "
                                 "computer security incidents.", t.name))},
      {"3.2", "Constituency", Or(t.constituency, "The organisations and citizens of the team's country.")},
      {"3.3", "Sponsorship and/or Affiliation", Or(t.sponsorship, na)},
      {"3.4", "Authority", Or(t.authority, na)},
      {"4", "Policies", ""},
      {"4.1", "Types of Incidents and Level of Support",
       Or(t.incident_types,
          "The team handles every type of computer security incident in its constituency "
          "(classified after the Reference Security Incident Taxonomy). The level of support "
          "depends on the incident's severity, the number of hosts and the entities concerned "
          "(essential and important entities under NIS2 first).")},
      {"4.2", "Co-operation, Interaction and Disclosure of Information",
       Or(t.cooperation,
          "The team co-operates with peer CSIRTs, law enforcement and the organisations "
          "concerned. Information is shared following the reporter's Traffic Light Protocol "
          "(FIRST TLP 2.0) marking; TLP:RED never leaves its named recipients.")},
      {"4.3", "Communication and Authentication",
       Or(t.communication,
          "Unencrypted mail is used for information that is not sensitive; sensitive "
          "information is encrypted with OpenPGP. The team signs its notifications, advisories "
          "and this document with its key (2.8).")},
      {"5", "Services", ""},
      {"5.1", "Incident Response", ""},
      {"5.1.1", "Incident Triage",
       Or(t.triage, "Every report is checked, classified and given a severity; duplicates are "
                    "grouped.")},
      {"5.1.2", "Incident Coordination",
       Or(t.coordination, "The team tells the owners of the affected systems, with only their own "
                          "evidence, and forwards what concerns other countries to the "
                          "responsible peer team.")},
      {"5.1.3", "Incident Resolution",
       Or(t.resolution, "The team advises the organisations concerned on removing the cause and "
                        "follows each case up until it is resolved.")},
      {"5.2", "Proactive Activities",
       Or(t.proactive, fmt::format("Advisories and warnings for professionals and citizens "
                                   "({0}/advisories/, with Atom feeds and a CSAF provider at "
                                   "{0}/.well-known/csaf/provider-metadata.json), vulnerability "
                                   "notifications to constituents running affected products, "
                                   "and a public page where anyone can check whether their own "
                                   "connection appears infected ({0}/check).",
                                   c.base_url))},
      {"6", "Incident Reporting Forms",
       Or(t.reporting_forms,
          fmt::format("No form is required: mail {} with what happened, when (with the time "
                      "zone), the addresses and host names concerned and the relevant logs.",
                      t.email))},
      {"7", "Disclaimers",
       Or(t.disclaimers, fmt::format("While every precaution is taken in the preparation of "
                                     "information, notifications and alerts, {} assumes no "
                                     "responsibility for errors or omissions, or for damages "
                                     "resulting from the use of the information they contain.",
                                     t.name))},
  };
}

// Wraps at 72 columns, indenting each line.
std::string Wrap(const std::string& text, size_t indent) {
  std::string out, line;
  const std::string pad(indent, ' ');
  size_t start = 0;
  auto flush = [&] {
    if (!line.empty()) out += pad + line + "\n";
    line.clear();
  };
  while (start < text.size()) {
    size_t end = text.find_first_of(" \n", start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    if (!word.empty()) {
      if (!line.empty() && pad.size() + line.size() + 1 + word.size() > 72) flush();
      line += (line.empty() ? "" : " ") + word;
    }
    if (end < text.size() && text[end] == '\n') flush();
    start = end + 1;
  }
  flush();
  return out;
}

}  // namespace

std::string Rfc2350Text(const TeamConfig& team, const Rfc2350Context& ctx) {
  std::string out = fmt::format("{}\nDescription according to RFC 2350\n\n", team.name);
  for (const auto& s : Sections(team, ctx)) {
    out += fmt::format("{}{}. {}\n", s.number.find('.') == std::string::npos ? "\n" : "",
                       s.number, s.title);
    if (!s.text.empty()) out += "\n" + Wrap(s.text, 4) + "\n";
  }
  return out;
}

std::string Rfc2350Html(const TeamConfig& team, const Rfc2350Context& ctx) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{0} – RFC 2350</title>\n<link rel=\"stylesheet\" href=\"/advisories/site.css\">\n"
      "</head>\n<body>\n<header><a href=\"/advisories/\">{0}</a></header>\n<main>\n"
      "<h1>{0}: description according to RFC 2350</h1>\n"
      "<p><a href=\"/rfc2350.txt\">Signed text version</a></p>\n",
      EscapeHtml(team.name));
  for (const auto& s : Sections(team, ctx)) {
    const int depth = static_cast<int>(std::count(s.number.begin(), s.number.end(), '.'));
    out += fmt::format("<h{0} id=\"s{1}\">{1}. {2}</h{0}>\n", std::min(depth + 2, 4),
                       EscapeHtml(s.number), EscapeHtml(s.title));
    if (!s.text.empty()) out += "<p>" + EscapeHtml(s.text) + "</p>\n";
  }
  return out + "</main>\n</body>\n</html>\n";
}

}  // namespace belfry
