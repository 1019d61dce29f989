#pragma once
// What travels between the ingest pipeline's stages (ingest_pipeline.h draws them).

#include <memory>
#include <string>
#include <vector>

#include "model/event.h"
#include "parse/parser.h"
#include "store/event_store.h"

namespace belfry {

// Per-report constant values indexed by FieldId ("" = not constant).
using ConstantTable = std::vector<std::string>;

// Parse stage → encode stage. A report opens with a batch marked new_report, so the store
// can register it before its events.
struct ParsedBatch {
  std::shared_ptr<const ConstantTable> constants;
  uint64_t report_seq = 0;
  bool new_report = false;
  ReportRecord report;
  std::vector<Event> events;
  std::vector<DeadLetter> dead_letters;
  uint64_t records = 0;
  uint64_t short_rows = 0;
  uint64_t bytes = 0;
};

// Encode stage → store stage.
struct EncodedBatch {
  uint64_t report_seq = 0;
  bool new_report = false;
  ReportRecord report;
  std::vector<StoreRow> rows;
  std::vector<StoreBlock> blocks;
  std::vector<DeadLetter> dead_letters;
  uint64_t records = 0;
  uint64_t short_rows = 0;
  uint64_t duplicates = 0;
  uint64_t bytes = 0;
};

}  // namespace belfry
