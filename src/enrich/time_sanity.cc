#include "enrich/time_sanity.h"

#include "core/date_time.h"
#include "core/text.h"

namespace belfry {

std::string TimeFlagsText(uint8_t flags) {
  std::string out;
  auto add = [&](const char* s) {
    if (!out.empty()) out += ",";
    out += s;
  };
  if (flags & kTimeStale) add("stale");
  if (flags & kTimeFuture) add("future");
  if (flags & kTimeDelayed) add("delayed");
  return out;
}

uint8_t CheckTimeSanity(Event* event, int64_t now_seconds, const TimeSanityConfig& config) {
  std::optional<int64_t> source, observation;
  if (auto text = event->Get(fields::kTimeSource)) {
    if (auto t = ParseDateTimeMicros(*text)) source = *t;
  }
  if (auto text = event->Get(fields::kTimeObservation)) {
    if (auto t = ParseDateTimeMicros(*text)) observation = *t;
  }
  return CheckTimeSanity(event, source, observation, now_seconds, config);
}

uint8_t CheckTimeSanity(Event* event, std::optional<int64_t> source_micros,
                        std::optional<int64_t> observation_micros, int64_t now_seconds,
                        const TimeSanityConfig& config) {
  if (!source_micros) return 0;
  const int64_t src = *source_micros / 1000000;
  uint8_t flags = 0;
  if (src > now_seconds + config.future_tolerance_seconds) flags |= kTimeFuture;
  if (now_seconds - src > config.stale_after_seconds) flags |= kTimeStale;
  if (observation_micros &&
      *observation_micros / 1000000 - src > config.max_observation_delay_seconds)
    flags |= kTimeDelayed;
  if (flags) {
    event->SetExtraTrusted("time_sanity", JsonKind::kString, TimeFlagsText(flags));
  }
  return flags;
}

}  // namespace belfry
