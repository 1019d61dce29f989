#include "publish/publish_config.h"

namespace belfry::config_internal {

Status ReadTeamSection(const Ctx& ctx, const toml::table& t, TeamConfig* out) {
  BELFRY_RETURN_IF_ERROR(CheckKeys(
      ctx, t, "team",
      {"name", "short_name", "website", "email", "phone", "address", "timezone"}));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "team", "name", &out->name));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "team", "short_name", &out->short_name));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "team", "website", &out->website));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "team", "email", &out->email));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "team", "phone", &out->phone));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "team", "address", &out->address));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "team", "timezone", &out->timezone));
  if (out->name.empty()) return Fail(ctx.Bad(*t.get("name"), "team.name", "must not be empty"));
  if (out->short_name.empty() || out->short_name.find_first_of(" /\\") != std::string::npos)
    return Fail(ctx.Bad(*t.get("short_name"), "team.short_name",
                        "must be one word (it names the advisories: BELFRY-2026-0001)"));
  if (out->website.rfind("https://", 0) != 0 && out->website.rfind("http://", 0) != 0)
    return Fail(ctx.Bad(*t.get("website"), "team.website", "must be an http(s) URL"));
  return Ok();
}

Status ReadPublishSection(const Ctx& ctx, const toml::table& t, PublishConfig* out) {
  BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, "publish",
                                   {"base_url", "tracking_prefix", "four_eyes", "site_dir",
                                    "feed_entries", "publisher_category", "sign"}));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "publish", "base_url", &out->base_url));
  while (!out->base_url.empty() && out->base_url.back() == '/') out->base_url.pop_back();
  if (out->base_url.rfind("https://", 0) != 0 && out->base_url.rfind("http://", 0) != 0)
    return Fail(ctx.Bad(*t.get("base_url"), "publish.base_url", "must be an http(s) URL"));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "publish", "tracking_prefix", &out->tracking_prefix));
  if (out->tracking_prefix.find_first_of(" /\\") != std::string::npos)
    return Fail(ctx.Bad(*t.get("tracking_prefix"), "publish.tracking_prefix", "must be one word"));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "publish", "four_eyes", &out->four_eyes));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "publish", "site_dir", &out->site_dir));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "publish", "feed_entries", &out->feed_entries));
  if (out->feed_entries < 1 || out->feed_entries > 1000)
    return Fail(ctx.Bad(*t.get("feed_entries"), "publish.feed_entries", "must be 1 to 1000"));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "publish", "publisher_category", &out->publisher_category));
  static const char* kCategories[] = {"coordinator", "discoverer", "other", "translator", "user",
                                      "vendor"};
  bool ok = false;
  for (const char* c : kCategories) ok = ok || out->publisher_category == c;
  if (!ok)
    return Fail(ctx.Bad(*t.get("publisher_category"), "publish.publisher_category",
                        "coordinator, discoverer, other, translator, user or vendor"));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "publish", "sign", &out->sign));
  return Ok();
}

}  // namespace belfry::config_internal
