#include "web/web_config.h"

namespace belfry::config_internal {

Status ReadWebSection(const Ctx& ctx, const toml::table& t, WebConfig* out) {
  BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, "web",
                                   {"listen", "threads", "trusted_proxies", "check_classifications",
                                    "check_days", "check_refresh"}));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "web", "listen", &out->listen));
  if (out->listen.find(':') == std::string::npos)
    return Fail(ctx.Bad(*t.get("listen"), "web.listen", "must be ADDRESS:PORT"));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "web", "threads", &out->threads));
  if (out->threads < 1 || out->threads > 64)
    return Fail(ctx.Bad(*t.get("threads"), "web.threads", "must be 1 to 64"));
  std::vector<std::string> proxies;
  BELFRY_RETURN_IF_ERROR(GetStringList(ctx, t, "web", "trusted_proxies", &proxies));
  for (const auto& p : proxies) {
    auto net = IpNetwork::Parse(p);
    if (!net) {
      auto ip = IpAddress::Parse(p);
      if (!ip) return Fail(ctx.Bad(*t.get("trusted_proxies"), "web.trusted_proxies",
                                   fmt::format("'{}' is not an address or CIDR", p)));
      net = IpNetwork::Parse(p + (p.find(':') == std::string::npos ? "/32" : "/128"));
      if (!net) return Fail(ctx.Bad(*t.get("trusted_proxies"), "web.trusted_proxies", p));
    }
    out->trusted_proxies.push_back(*net);
  }
  BELFRY_RETURN_IF_ERROR(
      GetStringList(ctx, t, "web", "check_classifications", &out->check_classifications));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "web", "check_days", &out->check_days));
  if (out->check_days < 1) return Fail(ctx.Bad(*t.get("check_days"), "web.check_days", "must be at least 1"));
  BELFRY_RETURN_IF_ERROR(GetDuration(ctx, t, "web", "check_refresh", &out->check_refresh));
  return Ok();
}

}  // namespace belfry::config_internal
