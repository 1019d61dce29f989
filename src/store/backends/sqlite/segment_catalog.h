#pragma once
// The segment catalog of the SQLite event store. A segment is two tables: ev_<n> holds the
// narrow key columns the indexes are built from (so building them scans little), evd_<n>
// the compressed blocks of bodies and raw records (store/event_block.h), keyed by the id of
// their first event. The `segments` table keeps each segment's time bounds and value sets,
// which let search skip segments.

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "core/result.h"
#include "store/backends/sqlite/sqlite_db.h"

namespace belfry {

struct SegmentInfo {
  int64_t id = 0;
  int64_t rows = 0;
  int64_t min_ts = 0, max_ts = 0;  // micros; rows without time.source do not count
  bool has_ts = false;
  bool has_null_ts = false;
  int64_t max_seen = 0;
  std::set<std::string> feeds, types;  // empty + overflow = unknown
  bool values_overflow = false;
  bool sealed = false;
};

using SegmentMap = std::map<int64_t, SegmentInfo>;

// More distinct feeds or types than this in a segment: the catalog stops listing them.
inline constexpr size_t kMaxValuesPerSegment = 64;

inline std::string KeyTable(int64_t id) { return "ev_" + std::to_string(id); }
inline std::string DataTable(int64_t id) { return "evd_" + std::to_string(id); }
// CREATE TABLE statements of a segment's two tables.
std::string SegmentDdl(int64_t id);

Result<SegmentMap> LoadSegments(SqliteDb& db);
Status SaveSegment(SqliteDb& db, const SegmentInfo& s);
// Reads a segment's bounds and value sets from its rows (after a crash or a merge).
Status RecomputeSegment(SqliteDb& db, SegmentInfo* s);
// Builds the search indexes of a finished segment (inside the caller's transaction).
Status BuildSegmentIndexes(SqliteDb& db, const SegmentInfo& s);
// Adds a new, empty, unsealed segment (inside the caller's transaction); returns its id.
Result<int64_t> CreateSegment(SqliteDb& db, int64_t created);
// Drops a segment's tables and its catalog row (inside the caller's transaction).
Status DropSegment(SqliteDb& db, int64_t id);

}  // namespace belfry
