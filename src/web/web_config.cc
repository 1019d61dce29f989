#include "web/web_config.h"

#include "core/date_time.h"

namespace belfry::config_internal {

Status ReadWebSection(const Ctx& ctx, const toml::table& t, WebConfig* out) {
  BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, "web",
                                   {"listen", "threads", "trusted_proxies", "check_classifications",
                                    "check_days", "check_refresh", "enabled", "assets_dir",
                                    "session_idle", "secure_cookies", "login_attempts",
                                    "login_window", "dashboard_days", "annotations",
                                    "portal_max_contacts", "portal_inhibit_days", "tls_cert",
                                    "tls_key"}));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "web", "tls_cert", &out->tls_cert));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "web", "tls_key", &out->tls_key));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "web", "enabled", &out->enabled));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "web", "assets_dir", &out->assets_dir));
  BELFRY_RETURN_IF_ERROR(GetDuration(ctx, t, "web", "session_idle", &out->session_idle));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "web", "secure_cookies", &out->secure_cookies));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "web", "login_attempts", &out->login_attempts));
  BELFRY_RETURN_IF_ERROR(GetDuration(ctx, t, "web", "login_window", &out->login_window));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "web", "dashboard_days", &out->dashboard_days));
  if (out->dashboard_days < 1 || out->dashboard_days > 3660)
    return Fail(ctx.Bad(*t.get("dashboard_days"), "web.dashboard_days", "must be 1 to 3660"));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "web", "portal_max_contacts", &out->portal_max_contacts));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "web", "portal_inhibit_days", &out->portal_inhibit_days));
  if (const toml::node* notes = t.get("annotations")) {
    if (!notes->is_array_of_tables())
      return Fail(ctx.Bad(*notes, "web.annotations", "must be [[web.annotations]] tables"));
    size_t i = 0;
    for (const auto& node : *notes->as_array()) {
      const auto& nt = *node.as_table();
      const std::string where = fmt::format("web.annotations[{}]", i++);
      BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, nt, where, {"date", "text"}));
      WebAnnotation a;
      BELFRY_RETURN_IF_ERROR(Get(ctx, nt, where, "date", &a.date));
      BELFRY_RETURN_IF_ERROR(Get(ctx, nt, where, "text", &a.text));
      if (a.date.size() != 10 || !ParseDateTimeMicros(a.date + "T00:00:00Z"))
        return Fail(ctx.Bad(node, where + ".date", "must be a date, YYYY-MM-DD"));
      out->annotations.push_back(std::move(a));
    }
  }
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
