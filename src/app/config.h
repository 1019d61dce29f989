#pragma once
// Belfry's configuration: one TOML file (--config FILE, else $BELFRY_CONFIG, else the
// built-in defaults). Each module owns its options and reads its own section; this file
// assembles them. Unknown keys and bad values are errors naming key and line.
// docs/CONFIGURATION.md documents every key.

#include <string>
#include <vector>

#include "collect/feed_config.h"
#include "constituency/constituency_config.h"
#include "core/result.h"
#include "enrich/enrich_config.h"
#include "notify/notify_config.h"
#include "pipeline/pipeline_config.h"
#include "newsletter/newsletter_config.h"
#include "share/share_config.h"
#include "publish/publish_config.h"
#include "store/store_config.h"
#include "ticket/ticket_config.h"
#include "web/web_config.h"

namespace belfry {

struct Config {
  std::string source = "built-in defaults";  // where it came from, for messages
  StoreConfig store;                         // [store]
  PipelineConfig pipeline;                   // [pipeline]
  DedupConfig dedup;                         // [dedup]
  RetentionConfig retention;                 // [retention]
  std::string shadowserver_schema;           // [shadowserver] schema; "" = the built-in copy
  std::string log_level = "info";            // [logging] level
  std::vector<FeedConfig> feeds;             // [[feeds]]
  ConstituencyConfig constituency;           // [constituency]
  TimeSanityConfig time_sanity;              // [time_sanity]
  EnrichConfig enrich;                       // [enrich]
  CollectConfig collect;                     // [collect]
  TicketConfig tickets;  // [tickets], [sla], [[triage.rules]], [mail]
  NotifyConfig notify;   // [notify], [[notify.rules]]
  WebConfig web;         // [web]
  TeamConfig team;       // [team]
  PublishConfig publish; // [publish]
  NewsletterConfig newsletter;  // [newsletter]
  ShareConfig share;            // [share.misp]

  const FeedConfig* FindFeed(const std::string& name) const;
  IngestOptions ingest_options() const;
};

Result<Config> ParseConfig(std::string_view toml_text, const std::string& source_name);
Result<Config> LoadConfigFile(const std::string& path);
// --config FILE, else $BELFRY_CONFIG, else defaults.
Result<Config> LoadConfig(const std::string& cli_path);

}  // namespace belfry
