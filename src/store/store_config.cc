#include "store/store_config.h"

namespace belfry {

using namespace config_internal;

Result<std::string> SqlitePathFromUrl(std::string_view url) {
  std::string path;
  if (url.rfind("sqlite://", 0) == 0)
    path = url.substr(9);
  else if (url.rfind("sqlite:", 0) == 0)
    path = url.substr(7);
  else if (url.rfind("postgresql:", 0) == 0 || url.rfind("postgres:", 0) == 0)
    return Fail(
        Error::InvalidConfig("PostgreSQL is not available in this version; use sqlite:///path"));
  else if (url.find("://") != std::string_view::npos)
    return Fail(Error::InvalidConfig("must be sqlite:///path/to/belfry.db"));
  else
    path = url;
  if (path.empty()) return Fail(Error::InvalidConfig("has no path"));
  return path;
}

Status ReadStoreSection(const Ctx& ctx, const toml::table& t, StoreConfig* out) {
  BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, "store", {"url", "max_segments"}));
  std::string url;
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "store", "url", &url));
  if (!url.empty()) {
    if (url.find("://") == std::string::npos && url.rfind("sqlite:", 0) != 0)
      return Fail(ctx.Bad(*t.get("url"), "store.url", "must be sqlite:///path/to/belfry.db"));
    auto path = SqlitePathFromUrl(url);
    if (!path) return Fail(ctx.Bad(*t.get("url"), "store.url", path.error().message()));
    out->url = url;
    out->path = *path;
  }
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "store", "max_segments", &out->max_segments));
  if (out->max_segments < 2)
    return Fail(ctx.Bad(*t.get("max_segments"), "store.max_segments", "must be at least 2"));
  return Ok();
}

Status ReadRetentionSection(const Ctx& ctx, const toml::table& t, RetentionConfig* out) {
  BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, "retention", {"raw", "events", "dead_letters"}));
  BELFRY_RETURN_IF_ERROR(GetDuration(ctx, t, "retention", "raw", &out->raw_seconds));
  BELFRY_RETURN_IF_ERROR(GetDuration(ctx, t, "retention", "events", &out->events_seconds));
  return GetDuration(ctx, t, "retention", "dead_letters", &out->dead_letters_seconds);
}

}  // namespace belfry
