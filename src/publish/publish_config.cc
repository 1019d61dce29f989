#include "publish/publish_config.h"

#include <set>
#include <string_view>

namespace belfry::config_internal {

Status ReadTeamSection(const Ctx& ctx, const toml::table& t, TeamConfig* out) {
  static const std::initializer_list<std::pair<const char*, std::string TeamConfig::*>> kTexts = {
      {"rfc2350_updated", &TeamConfig::rfc2350_updated},
      {"fax", &TeamConfig::fax},
      {"other_telecommunication", &TeamConfig::other_telecommunication},
      {"members", &TeamConfig::members},
      {"other_information", &TeamConfig::other_information},
      {"customer_contact", &TeamConfig::customer_contact},
      {"distribution_list", &TeamConfig::distribution_list},
      {"mission", &TeamConfig::mission},
      {"constituency", &TeamConfig::constituency},
      {"sponsorship", &TeamConfig::sponsorship},
      {"authority", &TeamConfig::authority},
      {"incident_types", &TeamConfig::incident_types},
      {"cooperation", &TeamConfig::cooperation},
      {"communication", &TeamConfig::communication},
      {"triage", &TeamConfig::triage},
      {"coordination", &TeamConfig::coordination},
      {"resolution", &TeamConfig::resolution},
      {"proactive", &TeamConfig::proactive},
      {"reporting_forms", &TeamConfig::reporting_forms},
      {"disclaimers", &TeamConfig::disclaimers}};
  std::set<std::string_view> keys = {"name",  "short_name", "website", "email",
                                     "phone", "address",    "timezone"};
  for (const auto& [key, field] : kTexts) keys.insert(key);
  BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, "team", keys));
  for (const auto& [key, field] : kTexts) BELFRY_RETURN_IF_ERROR(Get(ctx, t, "team", key, &(out->*field)));
  if (!out->rfc2350_updated.empty() &&
      (out->rfc2350_updated.size() != 10 || out->rfc2350_updated[4] != '-' ||
       out->rfc2350_updated[7] != '-'))
    return Fail(ctx.Bad(*t.get("rfc2350_updated"), "team.rfc2350_updated", "must be YYYY-MM-DD"));
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
