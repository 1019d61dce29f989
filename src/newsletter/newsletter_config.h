#pragma once
// [newsletter]: when issues go out and who signs them. docs/CONFIGURATION.md lists every key;
// docs/PUBLISHING.md explains the newsletter.

#include <cstdint>
#include <string>
#include <vector>

#include "core/config_reader.h"

namespace belfry {

struct NewsletterConfig {
  bool enabled = true;
  // daily | weekly | off (`belfry newsletter send` still works when off).
  std::string schedule = "weekly";
  int weekday = 1;  // weekly: 0 = Sunday ... 6 = Saturday
  int hour = 8;     // UTC hour of the day it goes out
  std::vector<std::string> audiences = {"pro", "citizen"};
  std::vector<std::string> languages = {"nl", "fr", "en", "de"};
  std::string from;       // "" = [mail] from
  std::string from_name;  // "" = [team] name
  // Permanent bounces in a row after which a subscriber is no longer mailed.
  int64_t bounce_limit = 2;
  // An issue with no advisory and no editorial is not sent.
  bool skip_empty = true;
  // A new confirmation mail to the same address at most this often (a subscription form
  // must not become a way to flood someone's mailbox).
  int64_t confirm_interval = 3600;
  // Pending subscriptions not confirmed within this long are forgotten.
  int64_t confirm_expiry = 7 * 24 * 3600;
};

// The weekday of a name ("monday") or nullopt.
std::optional<int> ParseWeekday(std::string_view name);

namespace config_internal {
Status ReadNewsletterSection(const Ctx& ctx, const toml::table& t, NewsletterConfig* out);
}  // namespace config_internal

}  // namespace belfry
