#pragma once
// The store's options: [store] (where, by URL) and [retention]. docs/CONFIGURATION.md
// documents every key.

#include <toml++/toml.h>

#include <cstdint>
#include <string>

#include "core/config_reader.h"
#include "core/result.h"

namespace belfry {

// How long each class of stored data is kept (`belfry purge`).
struct RetentionConfig {
  int64_t raw_seconds = 90 * 86400;
  int64_t events_seconds = 395 * 86400;  // 13 months
  int64_t dead_letters_seconds = 30 * 86400;
};

struct StoreConfig {
  // The store's URL as configured; `path` is its SQLite file.
  std::string url = "sqlite://./belfry-data/belfry.db";
  std::string path = "./belfry-data/belfry.db";
  uint32_t max_segments = 24;
};

// Parses a store URL: sqlite:///abs/path, sqlite://rel/path, sqlite:path or a bare path.
// postgresql:// is refused with a clear message until that backend exists.
Result<std::string> SqlitePathFromUrl(std::string_view url);

Status ReadStoreSection(const config_internal::Ctx& ctx, const toml::table& t, StoreConfig* out);
Status ReadRetentionSection(const config_internal::Ctx& ctx, const toml::table& t,
                            RetentionConfig* out);

}  // namespace belfry
