#pragma once
// The enrichment stages' options and the TOML sections they come from: [dedup],
// [time_sanity], [enrich]. docs/CONFIGURATION.md documents every key.

#include <toml++/toml.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/config_reader.h"
#include "core/result.h"

namespace belfry {

struct DedupConfig {
  bool enabled = true;
  int64_t ttl_seconds = 86400;
  bool whitelist = false;  // false: hash all keys but `keys`; true: only `keys`
  std::vector<std::string> keys = {"raw", "time.observation"};
  uint64_t max_entries = 4'000'000;
};

struct TimeSanityConfig {
  int64_t future_tolerance_seconds = 3600;  // time.source later than now + this: "future"
  int64_t max_observation_delay_seconds = 30 * 86400;  // time.source this long before observation
  int64_t stale_after_seconds = 30 * 86400;            // older events are kept but not notified
};

struct EnrichConfig {
  std::vector<std::string> mmdb;  // MaxMind-format databases (ASN, Country, City)
  bool routing = true;
};

Status ReadDedupSection(const config_internal::Ctx& ctx, const toml::table& t, DedupConfig* out);
Status ReadTimeSanitySection(const config_internal::Ctx& ctx, const toml::table& t,
                             TimeSanityConfig* out);
Status ReadEnrichSection(const config_internal::Ctx& ctx, const toml::table& t, EnrichConfig* out);

}  // namespace belfry
