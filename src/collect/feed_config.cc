#include "collect/feed_config.h"

#include <fmt/format.h>

#include "core/date_time.h"

namespace belfry {

using namespace config_internal;

namespace {

Status ReadFeed(const Ctx& ctx, const toml::table& t, size_t index, const ParserRegistry& parsers,
                const SourceRegistry& sources, FeedConfig* f) {
  std::string prefix = fmt::format("feeds[{}]", index);
  std::set<std::string_view> allowed = {
      "name",     "provider", "parser", "report_type", "documentation", "code",
      "accuracy", "tlp",      "csv",    "constants",   "route_on",      "route_on_destination_for"};
  allowed.insert(kSourceKeys.begin(), kSourceKeys.end());
  BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, prefix, allowed));
  BELFRY_RETURN_IF_ERROR(ReadSourceConfig(ctx, t, prefix, sources, f));
  BELFRY_RETURN_IF_ERROR(
      GetStringList(ctx, t, prefix, "route_on_destination_for", &f->route_on_destination_for));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "route_on", &f->route_on));
  if (f->route_on != "source" && f->route_on != "destination")
    return Fail(
        ctx.Bad(*t.get("route_on"), prefix + ".route_on", "must be \"source\" or \"destination\""));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "name", &f->name));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "provider", &f->provider));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "parser", &f->parser));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "report_type", &f->report_type));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "documentation", &f->documentation));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "code", &f->code));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "accuracy", &f->accuracy));
  if (f->name.empty()) return Fail(ctx.Bad(t, prefix + ".name", "every feed needs a name"));
  // The name becomes a directory of the spool: "." and ".." (or a path) would leave it.
  if (f->name == "." || f->name == ".." || f->name.find('/') != std::string::npos ||
      f->name.find('\0') != std::string::npos)
    return Fail(ctx.Bad(*t.get("name"), prefix + ".name",
                        "must not be \".\", \"..\" or contain \"/\""));
  if (!parsers.Find(f->parser))
    return Fail(ctx.Bad(t.get("parser") ? *t.get("parser") : static_cast<const toml::node&>(t),
                        prefix + ".parser", "must be " + parsers.Names()));
  if (f->accuracy < 0 || f->accuracy > 100)
    return Fail(ctx.Bad(*t.get("accuracy"), prefix + ".accuracy", "must be 0..100"));
  std::string tlp;
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "tlp", &tlp));
  if (!tlp.empty()) {
    f->tlp = ParseTlp(tlp);
    if (!f->tlp)
      return Fail(ctx.Bad(*t.get("tlp"), prefix + ".tlp",
                          "must be CLEAR, GREEN, AMBER, AMBER+STRICT or RED"));
  }
  if (const toml::node* c = t.get("constants")) {
    if (!c->is_table()) return Fail(ctx.Bad(*c, prefix + ".constants", "must be a table"));
    for (const auto& [k, v] : *c->as_table()) {
      if (!v.is_string())
        return Fail(
            ctx.Bad(v, fmt::format("{}.constants.\"{}\"", prefix, k.str()), "must be a string"));
      f->csv.constants.emplace_back(std::string(k.str()), v.as_string()->get());
    }
  }
  if (const toml::node* c = t.get("csv")) {
    std::string cp = prefix + ".csv";
    if (!c->is_table()) return Fail(ctx.Bad(*c, cp, "must be a table"));
    const toml::table& ct = *c->as_table();
    BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, ct, cp,
                                     {"delimiter", "quote", "comment", "header", "columns",
                                      "time_format", "time_zone", "trim"}));
    BELFRY_RETURN_IF_ERROR(Get(ctx, ct, cp, "trim", &f->csv.trim));
    BELFRY_RETURN_IF_ERROR(GetChar(ctx, ct, cp, "delimiter", &f->csv.dialect.delimiter));
    BELFRY_RETURN_IF_ERROR(GetChar(ctx, ct, cp, "quote", &f->csv.dialect.quote));
    BELFRY_RETURN_IF_ERROR(Get(ctx, ct, cp, "comment", &f->csv.dialect.comment));
    BELFRY_RETURN_IF_ERROR(Get(ctx, ct, cp, "header", &f->csv.header));
    BELFRY_RETURN_IF_ERROR(GetStringList(ctx, ct, cp, "columns", &f->csv.columns));
    BELFRY_RETURN_IF_ERROR(Get(ctx, ct, cp, "time_format", &f->csv.time_format));
    BELFRY_RETURN_IF_ERROR(Get(ctx, ct, cp, "time_zone", &f->csv.time_zone));
    if (f->csv.dialect.delimiter == '\0')
      return Fail(ctx.Bad(ct, cp + ".delimiter", "must not be empty"));
    if (auto s = ValidateTimeZone(f->csv.time_zone); !s)
      return Fail(ctx.Bad(*ct.get("time_zone"), cp + ".time_zone", s.error().message()));
  }
  if (f->parser == "csv" && f->csv.columns.empty())
    return Fail(ctx.Bad(t, prefix + ".csv.columns", "a csv feed needs its column mapping"));
  return Ok();
}

}  // namespace

Status ReadFeedsSection(const Ctx& ctx, const toml::node& feeds, const ParserRegistry& parsers,
                        const SourceRegistry& sources, std::vector<FeedConfig>* out) {
  if (!feeds.is_array_of_tables()) return Fail(ctx.Bad(feeds, "feeds", "must be [[feeds]] tables"));
  size_t i = 0;
  for (const auto& node : *feeds.as_array()) {
    FeedConfig f;
    BELFRY_RETURN_IF_ERROR(ReadFeed(ctx, *node.as_table(), i, parsers, sources, &f));
    for (const auto& other : *out)
      if (other.name == f.name)
        return Fail(ctx.Bad(node, fmt::format("feeds[{}].name", i),
                            fmt::format("feed '{}' is defined twice", f.name)));
    out->push_back(std::move(f));
    ++i;
  }
  return Ok();
}

Status ReadCollectSection(const Ctx& ctx, const toml::table& t, CollectConfig* out) {
  BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, "collect", {"spool", "user_agent"}));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "collect", "spool", &out->spool));
  return Get(ctx, t, "collect", "user_agent", &out->user_agent);
}

}  // namespace belfry
