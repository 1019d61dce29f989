#pragma once
// [team] (who we are: the CSAF publisher, the RFC 2350 page, the feeds' author) and [publish]
// (how advisories are published). docs/CONFIGURATION.md lists every key; docs/PUBLISHING.md
// explains them.

#include <cstdint>
#include <string>
#include <vector>

#include "core/config_reader.h"

namespace belfry {

struct TeamConfig {
  std::string name = "Belfry CSIRT";
  std::string short_name = "BELFRY";
  std::string website = "https://cert.example.be";  // also CSAF's publisher namespace
  std::string email = "cert@example.be";
  std::string phone;
  std::string address;
  std::string timezone = "Europe/Brussels";
  // The RFC 2350 description (publish/rfc2350.h): each section's text; "" = a sentence built
  // from the keys above, or "Not applicable".
  std::string rfc2350_updated;  // YYYY-MM-DD of the last change ("" = the day it is written)
  std::string fax, other_telecommunication, members, other_information, customer_contact;
  std::string distribution_list;
  std::string mission, constituency, sponsorship, authority;
  std::string incident_types, cooperation, communication;
  std::string triage, coordination, resolution, proactive;
  std::string reporting_forms, disclaimers;
};

struct PublishConfig {
  // The public address of this server: links in pages, feeds, CSAF and mails.
  std::string base_url = "http://127.0.0.1:8080";
  std::string tracking_prefix;  // advisories' ids: PREFIX-YEAR-NNNN ("" = [team] short_name)
  bool four_eyes = false;       // a second analyst approves before anything is published
  std::string site_dir;         // the generated pages, feeds and CSAF ("" = beside the database)
  int64_t feed_entries = 50;    // entries per Atom feed
  std::string publisher_category = "coordinator";  // CSAF's /document/publisher/category
  bool sign = true;  // .asc signatures of CSAF files with [notify] signing_key (when set)
};

namespace config_internal {
Status ReadTeamSection(const Ctx& ctx, const toml::table& t, TeamConfig* out);
Status ReadPublishSection(const Ctx& ctx, const toml::table& t, PublishConfig* out);
}  // namespace config_internal

}  // namespace belfry
