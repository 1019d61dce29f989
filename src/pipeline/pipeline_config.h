#pragma once
// The ingest pipeline's options: [pipeline]. docs/CONFIGURATION.md documents every key.

#include <toml++/toml.h>

#include <cstddef>

#include "core/config_reader.h"
#include "core/result.h"
#include "enrich/enrich_config.h"

namespace belfry {

struct PipelineConfig {
  size_t batch_size = 2048;
  size_t queue_depth = 8;
  size_t max_record_bytes = 1 << 20;
  // Caps per record (parse/parser.h ParseLimits): a row beyond them is a dead letter.
  size_t max_columns = 4096;
  size_t max_extra_keys = 1024;
  bool encode_thread = true;  // false: the store thread also encodes (one thread fewer)
};

// What one ingest pipeline needs of the configuration.
struct IngestOptions {
  PipelineConfig pipeline;
  DedupConfig dedup;
  TimeSanityConfig time_sanity;
};

Status ReadPipelineSection(const config_internal::Ctx& ctx, const toml::table& t,
                           PipelineConfig* out);

}  // namespace belfry
