#include "enrich/enrich_config.h"

namespace belfry {

using namespace config_internal;

Status ReadDedupSection(const Ctx& ctx, const toml::table& t, DedupConfig* out) {
  BELFRY_RETURN_IF_ERROR(
      CheckKeys(ctx, t, "dedup", {"enabled", "ttl", "filter_type", "filter_keys", "max_entries"}));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "dedup", "enabled", &out->enabled));
  BELFRY_RETURN_IF_ERROR(GetDuration(ctx, t, "dedup", "ttl", &out->ttl_seconds));
  std::string ft;
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "dedup", "filter_type", &ft));
  if (!ft.empty()) {
    if (ft != "blacklist" && ft != "whitelist")
      return Fail(ctx.Bad(*t.get("filter_type"), "dedup.filter_type",
                          "must be \"blacklist\" or \"whitelist\""));
    out->whitelist = ft == "whitelist";
  }
  BELFRY_RETURN_IF_ERROR(GetStringList(ctx, t, "dedup", "filter_keys", &out->keys));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "dedup", "max_entries", &out->max_entries));
  if (out->max_entries < 1024)
    return Fail(ctx.Bad(*t.get("max_entries"), "dedup.max_entries", "must be at least 1024"));
  return Ok();
}

Status ReadTimeSanitySection(const Ctx& ctx, const toml::table& t, TimeSanityConfig* out) {
  BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, "time_sanity",
                                   {"future_tolerance", "max_observation_delay", "stale_after"}));
  BELFRY_RETURN_IF_ERROR(
      GetDuration(ctx, t, "time_sanity", "future_tolerance", &out->future_tolerance_seconds));
  BELFRY_RETURN_IF_ERROR(GetDuration(ctx, t, "time_sanity", "max_observation_delay",
                                     &out->max_observation_delay_seconds));
  return GetDuration(ctx, t, "time_sanity", "stale_after", &out->stale_after_seconds);
}

Status ReadEnrichSection(const Ctx& ctx, const toml::table& t, EnrichConfig* out) {
  BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, "enrich", {"mmdb", "routing"}));
  BELFRY_RETURN_IF_ERROR(GetStringList(ctx, t, "enrich", "mmdb", &out->mmdb));
  return Get(ctx, t, "enrich", "routing", &out->routing);
}

}  // namespace belfry
