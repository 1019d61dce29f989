#pragma once
// Belfry's configuration: one TOML file (--config FILE, else $BELFRY_CONFIG, else the
// built-in defaults below). Unknown keys and bad values are errors naming key and line.
// docs/CONFIGURATION.md documents every key.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "model/tlp.h"
#include "parse/parsers/csv/csv_mapping_parser.h"

namespace belfry {

// Where a feed's reports come from and when ([[feeds]] source = "…"). Secrets (api_key,
// secret, password) are kept as written: "$NAME" means the environment variable NAME, read
// only when the collector runs, so that commands which do not collect need no secrets.
struct SourceConfig {
  std::string kind;      // "" (files given to `ingest`), http, shadowserver-api, maildir, imap, dir
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
  std::string parser;       // "shadowserver", "csv", "intelmq-json"
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

// Who is ours ([constituency]). With no scope at all, every organisation in the database is.
struct ConstituencyConfig {
  std::vector<std::string> countries;  // ISO 3166-1 alpha-2, upper case
  std::vector<int64_t> asns;
  std::vector<std::string> organisations;       // organisation handles
  std::vector<std::string> networks;            // CIDRs or "a - b" ranges
  std::vector<std::string> languages = {"en"};  // for contacts whose language is unknown
  // Mail a network's own abuse contact when it is outside the constituency and no peer CSIRT
  // is responsible. Off by default: we tell other people's networks only when asked to.
  bool notify_foreign_abuse_contacts = false;
  bool HasScope() const {
    return !countries.empty() || !asns.empty() || !organisations.empty() || !networks.empty();
  }
};

struct TimeSanityConfig {
  int64_t future_tolerance_seconds = 3600;  // time.source later than now + this: "future"
  int64_t max_observation_delay_seconds = 30 * 86400;  // time.source this long before observation
  int64_t stale_after_seconds = 30 * 86400;            // older events are kept but not notified
};

struct DedupConfig {
  bool enabled = true;
  int64_t ttl_seconds = 86400;
  bool whitelist = false;  // false: hash all keys but `keys`; true: only `keys`
  std::vector<std::string> keys = {"raw", "time.observation"};
  uint64_t max_entries = 4'000'000;
};

struct RetentionConfig {
  int64_t raw_seconds = 90 * 86400;
  int64_t events_seconds = 395 * 86400;  // 13 months
  int64_t dead_letters_seconds = 30 * 86400;
};

struct CollectConfig {
  std::string spool;  // fetched reports are kept here; "" = spool/ beside the database
  std::string user_agent = "belfry";
};

struct Config {
  std::string source = "built-in defaults";  // where it came from, for messages
  std::string store_path = "./belfry-data/belfry.db";
  uint32_t store_max_segments = 24;
  size_t batch_size = 2048;
  size_t queue_depth = 8;
  size_t max_record_bytes = 1 << 20;
  bool encode_thread = true;  // false: the store thread also encodes (one thread fewer)
  DedupConfig dedup;
  RetentionConfig retention;
  std::string shadowserver_schema;  // path; "" = the copy built into belfry
  std::string log_level = "info";
  std::vector<FeedConfig> feeds;
  ConstituencyConfig constituency;
  TimeSanityConfig time_sanity;
  std::vector<std::string> mmdb;  // [enrich] mmdb: MaxMind-format databases (ASN, Country, City)
  bool routing = true;            // [enrich] routing
  CollectConfig collect;

  const FeedConfig* FindFeed(const std::string& name) const;
};

Result<Config> ParseConfig(std::string_view toml_text, const std::string& source_name);
Result<Config> LoadConfigFile(const std::string& path);
// --config FILE, else $BELFRY_CONFIG, else defaults.
Result<Config> LoadConfig(const std::string& cli_path);

}  // namespace belfry
