#include "notify/notify_config.h"

#include "notify/event_formats.h"

namespace belfry {

std::string NotifyRule::Describe() const {
  std::string s;
  auto add = [&](std::string_view k, std::string_view v) {
    if (v.empty()) return;
    if (!s.empty()) s += ", ";
    s += fmt::format("{}={}", k, v);
  };
  add("feed", feed);
  add("classification", classification);
  add("identifier", identifier);
  add("organisation", organisation);
  return s.empty() ? "any" : s;
}

std::vector<NotifyRule> NotifyConfig::effective_rules() const {
  std::vector<NotifyRule> out = rules;
  // Built in: what is being abused now goes at once; exposed services wait for the daily
  // digest (Shadowserver reports them every day).
  for (const char* urgent :
       {"infected-system", "system-compromise", "c2-server", "malware-distribution",
        "phishing", "application-compromise", "privileged-account-compromise",
        "unprivileged-account-compromise", "data-leak", "ddos", "dos", "malicious-code",
        "intrusions"}) {
    NotifyRule r;
    r.classification = urgent;
    r.period = 0;
    out.push_back(r);
  }
  return out;
}

namespace config_internal {

namespace {

Status ReadRule(const Ctx& ctx, const toml::table& r, const std::string& prefix, NotifyRule* out) {
  BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, r, prefix,
                                   {"feed", "classification", "identifier", "organisation",
                                    "exclude", "period", "min_count", "renotify", "aggregate",
                                    "format", "template"}));
  BELFRY_RETURN_IF_ERROR(Get(ctx, r, prefix, "feed", &out->feed));
  BELFRY_RETURN_IF_ERROR(Get(ctx, r, prefix, "classification", &out->classification));
  BELFRY_RETURN_IF_ERROR(Get(ctx, r, prefix, "identifier", &out->identifier));
  BELFRY_RETURN_IF_ERROR(Get(ctx, r, prefix, "organisation", &out->organisation));
  BELFRY_RETURN_IF_ERROR(Get(ctx, r, prefix, "exclude", &out->exclude));
  auto duration = [&](std::string_view key, std::optional<int64_t>* v) -> Status {
    const toml::node* n = r.get(key);
    if (!n) return Ok();
    if (n->is_string() && (n->as_string()->get() == "immediate" || n->as_string()->get() == "0")) {
      *v = 0;
      return Ok();
    }
    int64_t d = 0;
    BELFRY_RETURN_IF_ERROR(GetDuration(ctx, r, prefix, key, &d));
    *v = d;
    return Ok();
  };
  BELFRY_RETURN_IF_ERROR(duration("period", &out->period));
  BELFRY_RETURN_IF_ERROR(duration("renotify", &out->renotify));
  if (r.get("min_count")) {
    int64_t n = 0;
    BELFRY_RETURN_IF_ERROR(Get(ctx, r, prefix, "min_count", &n));
    out->min_count = n;
  }
  BELFRY_RETURN_IF_ERROR(Get(ctx, r, prefix, "aggregate", &out->aggregate));
  if (!out->aggregate.empty() && out->aggregate != "type" && out->aggregate != "identifier" &&
      out->aggregate != "feed")
    return Fail(ctx.Bad(*r.get("aggregate"), prefix + ".aggregate",
                        "must be \"type\", \"identifier\" or \"feed\""));
  BELFRY_RETURN_IF_ERROR(Get(ctx, r, prefix, "format", &out->format));
  if (!out->format.empty() && !ParseContactFormat(out->format))
    return Fail(ctx.Bad(*r.get("format"), prefix + ".format", kFormatHelp));
  BELFRY_RETURN_IF_ERROR(Get(ctx, r, prefix, "template", &out->template_name));
  return Ok();
}

}  // namespace

Status ReadNotifySection(const Ctx& ctx, const toml::table& t, NotifyConfig* out) {
  BELFRY_RETURN_IF_ERROR(CheckKeys(
      ctx, t, "notify",
      {"enabled", "interval", "max_age", "period", "renotify", "min_count", "format",
       "peer_format", "peer_language", "attachment_max_bytes", "oversize",
       "per_domain_per_minute", "bounce_address", "signing_key", "gnupg_home", "sign_workers",
       "encrypt", "team_name", "rules"}));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "notify", "enabled", &out->enabled));
  BELFRY_RETURN_IF_ERROR(GetDuration(ctx, t, "notify", "interval", &out->interval));
  BELFRY_RETURN_IF_ERROR(GetDuration(ctx, t, "notify", "max_age", &out->max_age));
  if (const auto* n = t.get("period"); n && n->is_string() && n->as_string()->get() == "immediate")
    out->period = 0;
  else
    BELFRY_RETURN_IF_ERROR(GetDuration(ctx, t, "notify", "period", &out->period));
  BELFRY_RETURN_IF_ERROR(GetDuration(ctx, t, "notify", "renotify", &out->renotify));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "notify", "min_count", &out->min_count));
  for (auto [key, field] : {std::pair{"format", &out->format}, {"peer_format", &out->peer_format}}) {
    BELFRY_RETURN_IF_ERROR(Get(ctx, t, "notify", key, field));
    if (!ParseContactFormat(*field))
      return Fail(ctx.Bad(*t.get(key), fmt::format("notify.{}", key), kFormatHelp));
  }
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "notify", "peer_language", &out->peer_language));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "notify", "attachment_max_bytes", &out->attachment_max_bytes));
  if (out->attachment_max_bytes < 1024)
    return Fail(ctx.Bad(*t.get("attachment_max_bytes"), "notify.attachment_max_bytes",
                        "must be at least 1024"));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "notify", "oversize", &out->oversize));
  if (out->oversize != "zip" && out->oversize != "split")
    return Fail(ctx.Bad(*t.get("oversize"), "notify.oversize", "must be \"zip\" or \"split\""));
  BELFRY_RETURN_IF_ERROR(
      Get(ctx, t, "notify", "per_domain_per_minute", &out->per_domain_per_minute));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "notify", "bounce_address", &out->bounce_address));
  if (!out->bounce_address.empty() && (out->bounce_address.find("{id}") == std::string::npos ||
                                       out->bounce_address.find('@') == std::string::npos))
    return Fail(ctx.Bad(*t.get("bounce_address"), "notify.bounce_address",
                        "must be an address with {id}, e.g. \"bounces+{id}@example.be\""));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "notify", "signing_key", &out->signing_key));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "notify", "gnupg_home", &out->gnupg_home));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "notify", "sign_workers", &out->sign_workers));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "notify", "encrypt", &out->encrypt));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "notify", "team_name", &out->team_name));
  if (const toml::node* rules = t.get("rules")) {
    if (!rules->is_array_of_tables())
      return Fail(ctx.Bad(*rules, "notify.rules", "must be [[notify.rules]] tables"));
    size_t i = 0;
    for (const auto& node : *rules->as_array()) {
      NotifyRule r;
      BELFRY_RETURN_IF_ERROR(
          ReadRule(ctx, *node.as_table(), fmt::format("notify.rules[{}]", i++), &r));
      out->rules.push_back(std::move(r));
    }
  }
  return Ok();
}

}  // namespace config_internal
}  // namespace belfry
