#include "share/share_config.h"

#include <fstream>
#include <sstream>

#include "share/tlp_policy.h"

namespace belfry::config_internal {

Status ReadShareSection(const Ctx& ctx, const toml::table& t, ShareConfig* out) {
  BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, "share", {"misp"}));
  const toml::node* node = t.get("misp");
  if (!node) return Ok();
  const toml::table* m = node->as_table();
  if (!m) return Fail(ctx.Bad(*node, "share.misp", "must be a table"));
  MispSyncConfig& c = out->misp;
  BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, *m, "share.misp",
                                   {"url", "key", "key_file", "distribution", "sharing_group",
                                    "for", "push_tag", "verify_tls", "ca_file", "timeout"}));
  BELFRY_RETURN_IF_ERROR(Get(ctx, *m, "share.misp", "url", &c.url));
  if (!c.url.empty() && c.url.rfind("https://", 0) != 0 && c.url.rfind("http://", 0) != 0)
    return Fail(ctx.Bad(*m->get("url"), "share.misp.url", "must be an http(s) URL"));
  while (!c.url.empty() && c.url.back() == '/') c.url.pop_back();
  BELFRY_RETURN_IF_ERROR(Get(ctx, *m, "share.misp", "key", &c.key));
  BELFRY_RETURN_IF_ERROR(Get(ctx, *m, "share.misp", "key_file", &c.key_file));
  if (!c.key_file.empty()) {
    std::ifstream in(c.key_file);
    std::stringstream ss;
    ss << in.rdbuf();
    if (!in) return Fail(ctx.Bad(*m->get("key_file"), "share.misp.key_file", "cannot be read"));
    c.key = std::string(TrimAscii(ss.str()));
  }
  if (!c.url.empty() && c.key.empty())
    return Fail(ctx.Bad("share.misp.key", "an API key (key or key_file) is needed with url"));
  int64_t distribution = c.distribution;
  BELFRY_RETURN_IF_ERROR(Get(ctx, *m, "share.misp", "distribution", &distribution));
  if (distribution < 0 || distribution > 4)
    return Fail(ctx.Bad(*m->get("distribution"), "share.misp.distribution", "0 to 4 (MISP's levels)"));
  c.distribution = static_cast<int>(distribution);
  BELFRY_RETURN_IF_ERROR(Get(ctx, *m, "share.misp", "sharing_group", &c.sharing_group));
  if (c.distribution == 4 && c.sharing_group <= 0)
    return Fail(ctx.Bad("share.misp.sharing_group", "distribution 4 needs a sharing group id"));
  BELFRY_RETURN_IF_ERROR(Get(ctx, *m, "share.misp", "for", &c.recipient));
  if (!ParseRecipient(c.recipient))
    return Fail(ctx.Bad(*m->get("for"), "share.misp.for",
                        "public, community, peer:NAME, org:HANDLE or named:NAME"));
  BELFRY_RETURN_IF_ERROR(Get(ctx, *m, "share.misp", "push_tag", &c.push_tag));
  if (c.push_tag.empty())
    return Fail(ctx.Bad(*m->get("push_tag"), "share.misp.push_tag", "must not be empty"));
  BELFRY_RETURN_IF_ERROR(Get(ctx, *m, "share.misp", "verify_tls", &c.verify_tls));
  BELFRY_RETURN_IF_ERROR(Get(ctx, *m, "share.misp", "ca_file", &c.ca_file));
  BELFRY_RETURN_IF_ERROR(GetDuration(ctx, *m, "share.misp", "timeout", &c.timeout));
  return Ok();
}

}  // namespace belfry::config_internal
