#include "core/config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "core/config_reader.h"
#include "core/date_time.h"
#include "core/text.h"

namespace belfry {
namespace {

using namespace config_internal;

Status ParseFeed(const Ctx& ctx, const toml::table& t, size_t index, FeedConfig* f) {
  std::string prefix = fmt::format("feeds[{}]", index);
  std::set<std::string_view> allowed = {
      "name",     "provider", "parser", "report_type", "documentation", "code",
      "accuracy", "tlp",      "csv",    "constants",   "route_on",      "route_on_destination_for"};
  allowed.insert(kSourceKeys.begin(), kSourceKeys.end());
  BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, prefix, allowed));
  BELFRY_RETURN_IF_ERROR(ParseSourceConfig(ctx, t, prefix, f));
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
  if (f->parser != "shadowserver" && f->parser != "csv" && f->parser != "intelmq-json")
    return Fail(ctx.Bad(t.get("parser") ? *t.get("parser") : static_cast<const toml::node&>(t),
                        prefix + ".parser",
                        "must be \"shadowserver\", \"csv\" or \"intelmq-json\""));
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

const FeedConfig* Config::FindFeed(const std::string& name) const {
  for (const auto& f : feeds)
    if (f.name == name) return &f;
  return nullptr;
}

Result<Config> ParseConfig(std::string_view text, const std::string& source_name) {
  Config cfg;
  cfg.source = source_name;
  Ctx ctx{cfg.source};
  toml::table root;
  try {
    root = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    return Fail(Error::InvalidConfig(
        fmt::format("{}:{}: {}", source_name, e.source().begin.line, e.description())));
  }
  BELFRY_RETURN_IF_ERROR(
      CheckKeys(ctx, root, "",
                {"store", "pipeline", "dedup", "retention", "shadowserver", "logging", "feeds",
                 "constituency", "time_sanity", "enrich", "collect"}));
  auto table = [&](std::string_view key) -> Result<const toml::table*> {
    const toml::node* n = root.get(key);
    if (!n) return static_cast<const toml::table*>(nullptr);
    if (!n->is_table()) return Fail(ctx.Bad(*n, key, "must be a table"));
    return n->as_table();
  };
  auto store = table("store");
  if (!store) return Fail(store.error());
  if (*store) {
    const auto& t = **store;
    BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, "store", {"url", "max_segments"}));
    std::string url;
    BELFRY_RETURN_IF_ERROR(Get(ctx, t, "store", "url", &url));
    if (!url.empty()) {
      if (url.rfind("sqlite://", 0) == 0)
        cfg.store_path = url.substr(9);
      else if (url.rfind("sqlite:", 0) == 0)
        cfg.store_path = url.substr(7);
      else if (url.rfind("postgresql:", 0) == 0 || url.rfind("postgres:", 0) == 0)
        return Fail(ctx.Bad(*t.get("url"), "store.url",
                            "PostgreSQL is not available in this version; use sqlite:///path"));
      else
        return Fail(ctx.Bad(*t.get("url"), "store.url", "must be sqlite:///path/to/belfry.db"));
      if (cfg.store_path.empty()) return Fail(ctx.Bad(*t.get("url"), "store.url", "has no path"));
    }
    BELFRY_RETURN_IF_ERROR(Get(ctx, t, "store", "max_segments", &cfg.store_max_segments));
    if (cfg.store_max_segments < 2)
      return Fail(ctx.Bad(*t.get("max_segments"), "store.max_segments", "must be at least 2"));
  }
  auto pipeline = table("pipeline");
  if (!pipeline) return Fail(pipeline.error());
  if (*pipeline) {
    const auto& t = **pipeline;
    BELFRY_RETURN_IF_ERROR(CheckKeys(
        ctx, t, "pipeline", {"batch_size", "queue_depth", "max_record_bytes", "encode_thread"}));
    BELFRY_RETURN_IF_ERROR(Get(ctx, t, "pipeline", "encode_thread", &cfg.encode_thread));
    BELFRY_RETURN_IF_ERROR(Get(ctx, t, "pipeline", "batch_size", &cfg.batch_size));
    BELFRY_RETURN_IF_ERROR(Get(ctx, t, "pipeline", "queue_depth", &cfg.queue_depth));
    BELFRY_RETURN_IF_ERROR(Get(ctx, t, "pipeline", "max_record_bytes", &cfg.max_record_bytes));
    if (cfg.batch_size == 0)
      return Fail(ctx.Bad(*t.get("batch_size"), "pipeline.batch_size", "must be at least 1"));
    if (cfg.queue_depth == 0)
      return Fail(ctx.Bad(*t.get("queue_depth"), "pipeline.queue_depth", "must be at least 1"));
    if (cfg.max_record_bytes < 1024)
      return Fail(ctx.Bad(*t.get("max_record_bytes"), "pipeline.max_record_bytes",
                          "must be at least 1024"));
  }
  auto dedup = table("dedup");
  if (!dedup) return Fail(dedup.error());
  if (*dedup) {
    const auto& t = **dedup;
    BELFRY_RETURN_IF_ERROR(CheckKeys(
        ctx, t, "dedup", {"enabled", "ttl", "filter_type", "filter_keys", "max_entries"}));
    BELFRY_RETURN_IF_ERROR(Get(ctx, t, "dedup", "enabled", &cfg.dedup.enabled));
    BELFRY_RETURN_IF_ERROR(GetDuration(ctx, t, "dedup", "ttl", &cfg.dedup.ttl_seconds));
    std::string ft;
    BELFRY_RETURN_IF_ERROR(Get(ctx, t, "dedup", "filter_type", &ft));
    if (!ft.empty()) {
      if (ft != "blacklist" && ft != "whitelist")
        return Fail(ctx.Bad(*t.get("filter_type"), "dedup.filter_type",
                            "must be \"blacklist\" or \"whitelist\""));
      cfg.dedup.whitelist = ft == "whitelist";
    }
    BELFRY_RETURN_IF_ERROR(GetStringList(ctx, t, "dedup", "filter_keys", &cfg.dedup.keys));
    BELFRY_RETURN_IF_ERROR(Get(ctx, t, "dedup", "max_entries", &cfg.dedup.max_entries));
    if (cfg.dedup.max_entries < 1024)
      return Fail(ctx.Bad(*t.get("max_entries"), "dedup.max_entries", "must be at least 1024"));
  }
  auto retention = table("retention");
  if (!retention) return Fail(retention.error());
  if (*retention) {
    const auto& t = **retention;
    BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, "retention", {"raw", "events", "dead_letters"}));
    BELFRY_RETURN_IF_ERROR(GetDuration(ctx, t, "retention", "raw", &cfg.retention.raw_seconds));
    BELFRY_RETURN_IF_ERROR(
        GetDuration(ctx, t, "retention", "events", &cfg.retention.events_seconds));
    BELFRY_RETURN_IF_ERROR(
        GetDuration(ctx, t, "retention", "dead_letters", &cfg.retention.dead_letters_seconds));
  }
  auto ss = table("shadowserver");
  if (!ss) return Fail(ss.error());
  if (*ss) {
    BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, **ss, "shadowserver", {"schema"}));
    BELFRY_RETURN_IF_ERROR(Get(ctx, **ss, "shadowserver", "schema", &cfg.shadowserver_schema));
  }
  auto logging = table("logging");
  if (!logging) return Fail(logging.error());
  if (*logging) {
    BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, **logging, "logging", {"level"}));
    BELFRY_RETURN_IF_ERROR(Get(ctx, **logging, "logging", "level", &cfg.log_level));
    static const std::set<std::string> kLevels = {"trace", "debug", "info", "warn", "error", "off"};
    if (!kLevels.count(cfg.log_level))
      return Fail(ctx.Bad(*(*logging)->get("level"), "logging.level",
                          "must be trace, debug, info, warn, error or off"));
  }
  auto cons = table("constituency");
  if (!cons) return Fail(cons.error());
  if (*cons) {
    const auto& t = **cons;
    auto& c = cfg.constituency;
    BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, "constituency",
                                     {"countries", "asns", "organisations", "networks", "languages",
                                      "notify_foreign_abuse_contacts"}));
    BELFRY_RETURN_IF_ERROR(GetStringList(ctx, t, "constituency", "countries", &c.countries));
    for (auto& cc : c.countries) {
      for (char& ch : cc) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      if (cc.size() != 2 || !std::isalpha(static_cast<unsigned char>(cc[0])) ||
          !std::isalpha(static_cast<unsigned char>(cc[1])))
        return Fail(ctx.Bad(*t.get("countries"), "constituency.countries",
                            fmt::format("'{}' is not a two-letter country code", cc)));
    }
    if (const toml::node* n = t.get("asns")) {
      if (!n->is_array())
        return Fail(ctx.Bad(*n, "constituency.asns", "must be a list of AS numbers"));
      for (const auto& item : *n->as_array()) {
        std::optional<int64_t> v;
        if (item.is_integer()) v = item.as_integer()->get();
        if (item.is_string()) {
          std::string_view sv = item.as_string()->get();
          if (sv.size() > 2 && (sv[0] == 'A' || sv[0] == 'a')) sv.remove_prefix(2);
          v = ParseInt64(sv);
        }
        if (!v || *v <= 0 || *v > 4294967295LL)
          return Fail(ctx.Bad(item, "constituency.asns", "must be a list of AS numbers"));
        c.asns.push_back(*v);
      }
    }
    BELFRY_RETURN_IF_ERROR(
        GetStringList(ctx, t, "constituency", "organisations", &c.organisations));
    BELFRY_RETURN_IF_ERROR(GetStringList(ctx, t, "constituency", "networks", &c.networks));
    BELFRY_RETURN_IF_ERROR(GetStringList(ctx, t, "constituency", "languages", &c.languages));
    static const std::set<std::string> kLanguages = {"nl", "fr", "de", "en"};
    for (const auto& l : c.languages)
      if (!kLanguages.count(l))
        return Fail(ctx.Bad(*t.get("languages"), "constituency.languages",
                            fmt::format("'{}' is not one of nl, fr, de, en", l)));
    if (c.languages.empty())
      return Fail(ctx.Bad(*t.get("languages"), "constituency.languages", "must not be empty"));
    BELFRY_RETURN_IF_ERROR(Get(ctx, t, "constituency", "notify_foreign_abuse_contacts",
                               &c.notify_foreign_abuse_contacts));
  }
  auto ts = table("time_sanity");
  if (!ts) return Fail(ts.error());
  if (*ts) {
    const auto& t = **ts;
    auto& c = cfg.time_sanity;
    BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, "time_sanity",
                                     {"future_tolerance", "max_observation_delay", "stale_after"}));
    BELFRY_RETURN_IF_ERROR(
        GetDuration(ctx, t, "time_sanity", "future_tolerance", &c.future_tolerance_seconds));
    BELFRY_RETURN_IF_ERROR(GetDuration(ctx, t, "time_sanity", "max_observation_delay",
                                       &c.max_observation_delay_seconds));
    BELFRY_RETURN_IF_ERROR(
        GetDuration(ctx, t, "time_sanity", "stale_after", &c.stale_after_seconds));
  }
  auto enrich = table("enrich");
  if (!enrich) return Fail(enrich.error());
  if (*enrich) {
    BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, **enrich, "enrich", {"mmdb", "routing"}));
    BELFRY_RETURN_IF_ERROR(GetStringList(ctx, **enrich, "enrich", "mmdb", &cfg.mmdb));
    BELFRY_RETURN_IF_ERROR(Get(ctx, **enrich, "enrich", "routing", &cfg.routing));
  }
  auto collect = table("collect");
  if (!collect) return Fail(collect.error());
  if (*collect) {
    BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, **collect, "collect", {"spool", "user_agent"}));
    BELFRY_RETURN_IF_ERROR(Get(ctx, **collect, "collect", "spool", &cfg.collect.spool));
    BELFRY_RETURN_IF_ERROR(Get(ctx, **collect, "collect", "user_agent", &cfg.collect.user_agent));
  }
  if (const toml::node* feeds = root.get("feeds")) {
    if (!feeds->is_array_of_tables())
      return Fail(ctx.Bad(*feeds, "feeds", "must be [[feeds]] tables"));
    size_t i = 0;
    for (const auto& node : *feeds->as_array()) {
      FeedConfig f;
      BELFRY_RETURN_IF_ERROR(ParseFeed(ctx, *node.as_table(), i, &f));
      if (cfg.FindFeed(f.name))
        return Fail(ctx.Bad(node, fmt::format("feeds[{}].name", i),
                            fmt::format("feed '{}' is defined twice", f.name)));
      cfg.feeds.push_back(std::move(f));
      ++i;
    }
  }
  return cfg;
}

Result<Config> LoadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Error::Io(fmt::format("cannot read configuration file {}", path)));
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseConfig(ss.str(), path);
}

Result<Config> LoadConfig(const std::string& cli_path) {
  if (!cli_path.empty()) return LoadConfigFile(cli_path);
  if (const char* env = std::getenv("BELFRY_CONFIG"); env && *env) return LoadConfigFile(env);
  return Config{};
}

}  // namespace belfry
