#pragma once
// Time sanity: flags events whose time.source lies in the future or long before their
// time.observation, and marks events too old to be worth notifying as stale. Flagged events
// are kept (they are evidence); the notifier skips stale ones.

#include <cstdint>
#include <optional>
#include <string>

#include "enrich/enrich_config.h"
#include "model/event.h"

namespace belfry {

enum TimeFlag : uint8_t {
  kTimeStale = 1,    // older than stale_after: not notified
  kTimeFuture = 2,   // time.source after now (+ tolerance): a clock or parsing problem
  kTimeDelayed = 4,  // time.source long before time.observation
};

// Checks the event and writes extra.time_sanity ("stale", "future", "delayed", comma
// separated) when any flag is set. Returns the flags.
uint8_t CheckTimeSanity(Event* event, int64_t now_seconds, const TimeSanityConfig& config);
// The same with time.source and time.observation already parsed (micros; nullopt = absent
// or unreadable): the ingest pipeline parses each once.
uint8_t CheckTimeSanity(Event* event, std::optional<int64_t> source_micros,
                        std::optional<int64_t> observation_micros, int64_t now_seconds,
                        const TimeSanityConfig& config);
std::string TimeFlagsText(uint8_t flags);

}  // namespace belfry
