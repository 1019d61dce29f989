#include "app/config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "app/builtin_registries.h"
#include "core/config_reader.h"

namespace belfry {
namespace {

using namespace config_internal;

Status ReadLoggingSection(const Ctx& ctx, const toml::table& t, std::string* level) {
  BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, "logging", {"level"}));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "logging", "level", level));
  static const std::set<std::string> kLevels = {"trace", "debug", "info", "warn", "error", "off"};
  if (!kLevels.count(*level))
    return Fail(ctx.Bad(*t.get("level"), "logging.level",
                        "must be trace, debug, info, warn, error or off"));
  return Ok();
}

}  // namespace

IngestOptions Config::ingest_options() const { return IngestOptions{pipeline, dedup, time_sanity}; }

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
  // Each module reads its own section.
  struct Section {
    const char* name;
    std::function<Status(const toml::table&)> read;
  };
  const Section sections[] = {
      {"store", [&](const toml::table& t) { return ReadStoreSection(ctx, t, &cfg.store); }},
      {"pipeline",
       [&](const toml::table& t) { return ReadPipelineSection(ctx, t, &cfg.pipeline); }},
      {"dedup", [&](const toml::table& t) { return ReadDedupSection(ctx, t, &cfg.dedup); }},
      {"retention",
       [&](const toml::table& t) { return ReadRetentionSection(ctx, t, &cfg.retention); }},
      {"shadowserver",
       [&](const toml::table& t) -> Status {
         BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, "shadowserver", {"schema"}));
         return Get(ctx, t, "shadowserver", "schema", &cfg.shadowserver_schema);
       }},
      {"logging", [&](const toml::table& t) { return ReadLoggingSection(ctx, t, &cfg.log_level); }},
      {"constituency",
       [&](const toml::table& t) { return ReadConstituencySection(ctx, t, &cfg.constituency); }},
      {"time_sanity",
       [&](const toml::table& t) { return ReadTimeSanitySection(ctx, t, &cfg.time_sanity); }},
      {"enrich", [&](const toml::table& t) { return ReadEnrichSection(ctx, t, &cfg.enrich); }},
      {"collect", [&](const toml::table& t) { return ReadCollectSection(ctx, t, &cfg.collect); }},
      {"tickets", [&](const toml::table& t) { return ReadTicketsSection(ctx, t, &cfg.tickets); }},
      {"sla", [&](const toml::table& t) { return ReadSlaSection(ctx, t, &cfg.tickets.sla); }},
      {"triage", [&](const toml::table& t) { return ReadTriageSection(ctx, t, &cfg.tickets); }},
      {"mail", [&](const toml::table& t) { return ReadMailSection(ctx, t, &cfg.tickets.mail); }},
      {"notify", [&](const toml::table& t) { return ReadNotifySection(ctx, t, &cfg.notify); }},
      {"web", [&](const toml::table& t) { return ReadWebSection(ctx, t, &cfg.web); }},
      {"team", [&](const toml::table& t) { return ReadTeamSection(ctx, t, &cfg.team); }},
      {"publish", [&](const toml::table& t) { return ReadPublishSection(ctx, t, &cfg.publish); }},
      {"share", [&](const toml::table& t) { return ReadShareSection(ctx, t, &cfg.share); }},
      {"newsletter",
       [&](const toml::table& t) { return ReadNewsletterSection(ctx, t, &cfg.newsletter); }},
  };
  std::set<std::string_view> known = {"feeds"};
  for (const auto& s : sections) known.insert(s.name);
  BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, root, "", known));
  for (const auto& s : sections) {
    const toml::node* n = root.get(s.name);
    if (!n) continue;
    if (!n->is_table()) return Fail(ctx.Bad(*n, s.name, "must be a table"));
    BELFRY_RETURN_IF_ERROR(s.read(*n->as_table()));
  }
  if (const toml::node* feeds = root.get("feeds"))
    BELFRY_RETURN_IF_ERROR(
        ReadFeedsSection(ctx, *feeds, BuiltinParserNames(), BuiltinSources(), &cfg.feeds));
  if (cfg.notify.team_name.empty()) cfg.notify.team_name = cfg.tickets.mail.from_name;
  if (cfg.publish.tracking_prefix.empty()) cfg.publish.tracking_prefix = cfg.team.short_name;
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
