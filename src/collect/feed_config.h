#pragma once
// The collector's options: [[feeds]] (what a feed is, how its reports are parsed, where they
// come from and when) and [collect]. docs/CONFIGURATION.md documents every key.

#include <toml++/toml.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "collect/source_registry.h"
#include "core/config_reader.h"
#include "core/result.h"
#include "model/tlp.h"
#include "parse/parser_registry.h"
#include "parse/parsers/csv/csv_mapping_parser.h"

namespace belfry {

// Where a feed's reports come from and when ([[feeds]] source = "…"). Secrets (api_key,
// secret, password) are kept as written: "$NAME" means the environment variable NAME, read
// only when the collector runs, so that commands which do not collect need no secrets.
struct SourceConfig {
  std::string kind;      // "" (files given to `ingest`), or a kind of the SourceRegistry
  std::string location;  // URL or directory
  std::string schedule;  // "" = the kind's default
  int64_t timeout_seconds = 60;
  int64_t retries = 3;  // more attempts after the first, with exponential back-off
  int64_t retry_delay_seconds = 5;
  uint64_t max_bytes = 512ull << 20;  // per download and per unpacked file
  bool verify_tls = true;
  std::string ca_file;               // extra CA bundle (a private CA)
  std::vector<std::string> headers;  // http: "Name: value"
  // shadowserver-api
  std::string api_url = "https://transform.shadowserver.org/api2/";
  std::string api_key, secret;       // "" = $BELFRY_SHADOWSERVER_API_KEY / _SECRET
  std::vector<std::string> reports;  // mailing lists ("belgium", "org@example.be")
  std::vector<std::string> types;    // report types to keep ("scan_http"); empty = all
  int64_t days = 2;                  // how far back reports/list looks
  // maildir / imap
  std::string username, password;
  std::string folder = "INBOX";
  std::string done_folder = "Belfry.Done";
  std::string failed_folder = "Belfry.Failed";
  std::string attachment_pattern;  // regex on attachment names; "" = csv/json/txt/gz/zip
  std::string subject_pattern;     // regex; other mails are left alone
  // dir
  std::string done_dir, failed_dir;  // "" = <dir>/done, <dir>/failed
};

struct FeedConfig {
  std::string name;
  std::string provider;
  std::string parser;       // a name of the ParserRegistry: "shadowserver", "csv", …
  std::string report_type;  // shadowserver: fixed report type ("" = from file name)
  std::string documentation;
  std::string code;
  double accuracy = 100.0;
  std::optional<Tlp> tlp;
  CsvMappingOptions csv;            // parser = "csv"
  std::string route_on = "source";  // which side of an event routing looks at: source|destination
  // Events whose feed.name is listed here are routed on destination.* whatever route_on says
  // (Shadowserver: one feed name per report type, e.g. "Amplification-DDoS-Victim").
  std::vector<std::string> route_on_destination_for;
  bool enabled = true;  // false: `belfry run` and `collect` skip it
  SourceConfig source;
};

struct CollectConfig {
  std::string spool;  // fetched reports are kept here; "" = spool/ beside the database
  std::string user_agent = "belfry";
};

// Reads the [[feeds]] array. Parser and source kinds are checked against the registries.
Status ReadFeedsSection(const config_internal::Ctx& ctx, const toml::node& feeds,
                        const ParserRegistry& parsers, const SourceRegistry& sources,
                        std::vector<FeedConfig>* out);
Status ReadCollectSection(const config_internal::Ctx& ctx, const toml::table& t,
                          CollectConfig* out);

// The collector keys of one [[feeds]] entry (source, schedule, …); see source_config.cc.
extern const std::set<std::string_view> kSourceKeys;
Status ReadSourceConfig(const config_internal::Ctx& ctx, const toml::table& t,
                        const std::string& prefix, const SourceRegistry& sources, FeedConfig* feed);

}  // namespace belfry
