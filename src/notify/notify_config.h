#pragma once
// [notify] and [[notify.rules]]: who is told what, how often, in which form, signed with
// which key. docs/NOTIFICATIONS.md explains them; docs/CONFIGURATION.md lists every key.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/config_reader.h"

namespace belfry {

// A rule matches events by feed, classification (RSIT type or taxonomy), identifier and
// organisation ("" = any); the first matching rule decides, then the built-in ones.
struct NotifyRule {
  std::string feed, classification, identifier, organisation;
  bool exclude = false;                 // never mail these (they stay for the officer)
  std::optional<int64_t> period;        // at most one mail per group per period (0 = at once)
  std::optional<int64_t> min_count;     // a group waits until it has this many events
  std::optional<int64_t> renotify;      // a finding already told is told again after this
  std::string aggregate;                // "" / "type", "identifier", "feed": group key
  std::string format;                   // overrides the contact's preferred format
  std::string template_name;            // "" = notify-<classification.type>, else notify
  std::string Describe() const;
};

struct NotifyConfig {
  bool enabled = true;                 // `belfry run` notifies on its schedule
  int64_t interval = 15 * 60;          // how often `belfry run` notifies
  int64_t max_age = 7 * 86400;         // older events are stale: never mailed
  int64_t period = 86400;              // default aggregation period (daily digest)
  int64_t renotify = 7 * 86400;        // default re-notification interval
  int64_t min_count = 1;
  std::string format = "csv";          // contacts without a preference
  std::string peer_format = "csv";     // peer CSIRTs
  std::string peer_language = "en";
  int64_t attachment_max_bytes = 2 * 1024 * 1024;  // above: zipped (or split)
  std::string oversize = "zip";        // zip | split
  int64_t per_domain_per_minute = 120;  // outbox rate limit per recipient domain (0 = none)
  std::string bounce_address;          // "" = bounces+{id}@<domain of [mail] from>
  std::string signing_key;             // team key: fingerprint or user id ("" = unsigned)
  std::string gnupg_home;              // "" = $GNUPGHOME or ~/.gnupg
  int64_t sign_workers = 0;            // parallel gpg signers (0 = one per core)
  bool encrypt = true;                 // encrypt to a contact's key when on file
  std::string team_name;  // shown in mails and X-ARF reports ("" = [mail] from_name)
  std::vector<NotifyRule> rules;       // [[notify.rules]]

  // The rules in force: the configured ones, then the built-in ones.
  std::vector<NotifyRule> effective_rules() const;
};

namespace config_internal {
Status ReadNotifySection(const Ctx& ctx, const toml::table& t, NotifyConfig* out);
}  // namespace config_internal

}  // namespace belfry
