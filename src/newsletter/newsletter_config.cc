#include "newsletter/newsletter_config.h"

#include <optional>

namespace belfry {

namespace {
constexpr const char* kDays[] = {"sunday",   "monday", "tuesday", "wednesday",
                                 "thursday", "friday", "saturday"};
}  // namespace

std::optional<int> ParseWeekday(std::string_view name) {
  const std::string lower = AsciiLowerCopy(name);
  for (int i = 0; i < 7; ++i)
    if (lower == kDays[i]) return i;
  return std::nullopt;
}

namespace config_internal {

Status ReadNewsletterSection(const Ctx& ctx, const toml::table& t, NewsletterConfig* out) {
  BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, "newsletter",
                                   {"enabled", "schedule", "weekday", "hour", "audiences",
                                    "languages", "from", "from_name", "bounce_limit",
                                    "skip_empty", "confirm_interval", "confirm_expiry"}));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "newsletter", "enabled", &out->enabled));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "newsletter", "schedule", &out->schedule));
  if (out->schedule != "daily" && out->schedule != "weekly" && out->schedule != "off")
    return Fail(ctx.Bad(*t.get("schedule"), "newsletter.schedule", "daily, weekly or off"));
  std::string weekday;
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "newsletter", "weekday", &weekday));
  if (!weekday.empty()) {
    auto d = ParseWeekday(weekday);
    if (!d) return Fail(ctx.Bad(*t.get("weekday"), "newsletter.weekday", "a day: monday ... sunday"));
    out->weekday = *d;
  }
  int64_t hour = out->hour;
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "newsletter", "hour", &hour));
  if (hour > 23) return Fail(ctx.Bad(*t.get("hour"), "newsletter.hour", "must be 0 to 23 (UTC)"));
  out->hour = static_cast<int>(hour);
  BELFRY_RETURN_IF_ERROR(GetStringList(ctx, t, "newsletter", "audiences", &out->audiences));
  for (const auto& a : out->audiences)
    if (a != "pro" && a != "citizen")
      return Fail(ctx.Bad(*t.get("audiences"), "newsletter.audiences", "pro and/or citizen"));
  BELFRY_RETURN_IF_ERROR(GetStringList(ctx, t, "newsletter", "languages", &out->languages));
  for (const auto& l : out->languages)
    if (l != "nl" && l != "fr" && l != "en" && l != "de")
      return Fail(ctx.Bad(*t.get("languages"), "newsletter.languages", "among nl, fr, en, de"));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "newsletter", "from", &out->from));
  if (!out->from.empty() && out->from.find('@') == std::string::npos)
    return Fail(ctx.Bad(*t.get("from"), "newsletter.from", "must be a mail address"));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "newsletter", "from_name", &out->from_name));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "newsletter", "bounce_limit", &out->bounce_limit));
  if (out->bounce_limit < 1)
    return Fail(ctx.Bad(*t.get("bounce_limit"), "newsletter.bounce_limit", "must be at least 1"));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "newsletter", "skip_empty", &out->skip_empty));
  BELFRY_RETURN_IF_ERROR(GetDuration(ctx, t, "newsletter", "confirm_interval", &out->confirm_interval));
  BELFRY_RETURN_IF_ERROR(GetDuration(ctx, t, "newsletter", "confirm_expiry", &out->confirm_expiry));
  return Ok();
}

}  // namespace config_internal
}  // namespace belfry
