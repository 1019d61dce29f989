// Retention (`belfry purge`): whole segments past the event retention are dropped; otherwise
// rows are deleted and blocks rewritten without their bodies, and raw records past the raw
// retention are taken out of the blocks.

#include <fmt/format.h>

#include "store/backends/sqlite/sqlite_event_store.h"
#include "store/backends/sqlite/sqlite_views.h"
#include "store/event_block.h"

namespace belfry {

// Rewrites the blocks of a segment: entries whose key row is gone lose their body and raw,
// entries seen before `raw_cutoff` lose their raw record. Returns raw records cleared.
Result<uint64_t> SqliteEventStore::RewriteBlocks(int64_t id, int64_t raw_cutoff) {
  const std::string k = KeyTable(id), d = DataTable(id);
  auto blocks = db_->Prepare(fmt::format("SELECT first_id, count, data FROM {}", d));
  if (!blocks) return Fail(blocks.error());
  auto seen = db_->Prepare(fmt::format("SELECT id, seen FROM {} WHERE id BETWEEN ? AND ?", k));
  if (!seen) return Fail(seen.error());
  auto update = db_->Prepare(fmt::format("UPDATE {} SET data = ? WHERE first_id = ?", d));
  if (!update) return Fail(update.error());
  auto drop = db_->Prepare(fmt::format("DELETE FROM {} WHERE first_id = ?", d));
  if (!drop) return Fail(drop.error());
  struct Change {
    int64_t first_id;
    std::string data;  // empty = delete the block
  };
  std::vector<Change> changes;
  uint64_t cleared = 0;
  std::string storage, encoded;
  std::vector<BlockEntry> entries;
  BlockEncoder encoder;
  for (;;) {
    auto r = blocks->Step();
    if (!r) return Fail(r.error());
    if (!*r) break;
    const int64_t first = blocks->Int(0), count = blocks->Int(1);
    if (auto st = DecodeBlock(blocks->Text(2), &storage, &entries); !st)
      return Fail(st.error().WithContext(
          fmt::format("segment {}, block at row {}", id, first & 0xFFFFFFFF)));
    std::vector<int64_t> seen_at(entries.size(), -1);
    seen->BindInt(1, first);
    seen->BindInt(2, first + count - 1);
    for (;;) {
      auto sr = seen->Step();
      if (!sr) return Fail(sr.error());
      if (!*sr) break;
      const size_t i = static_cast<size_t>(seen->Int(0) - first);
      if (i < seen_at.size()) seen_at[i] = seen->Int(1);
    }
    seen->Reset();
    bool changed = false, any_left = false;
    for (size_t i = 0; i < entries.size(); ++i) {
      std::string_view body = entries[i].body, raw = entries[i].raw;
      if (seen_at[i] < 0) {
        changed |= !body.empty() || !raw.empty();
        body = raw = {};
      } else {
        any_left = true;
        if (seen_at[i] < raw_cutoff && !raw.empty()) {
          raw = {};
          changed = true;
          ++cleared;
        }
      }
      encoder.Add(body, raw);
    }
    encoder.Finish(&encoded);
    if (!any_left)
      changes.push_back({first, ""});
    else if (changed)
      changes.push_back({first, encoded});
  }
  for (const auto& c : changes) {
    if (c.data.empty()) {
      drop->BindInt(1, c.first_id);
      BELFRY_RETURN_IF_ERROR(drop->Run());
    } else {
      update->BindBlob(1, c.data);
      update->BindInt(2, c.first_id);
      BELFRY_RETURN_IF_ERROR(update->Run());
    }
  }
  return cleared;
}

Result<PurgeStats> SqliteEventStore::Purge(const RetentionConfig& retention, int64_t now) {
  BELFRY_RETURN_IF_ERROR(SyncWithOtherWriters());
  PurgeStats stats;
  const int64_t event_cutoff = now - retention.events_seconds;
  const int64_t raw_cutoff = now - retention.raw_seconds;
  // Rolled back on any failure, then the catalog is read again (destroyed in this order).
  ReloadUnlessDone reload(this);
  auto txn = SqliteTransaction::Begin(*db_);
  if (!txn) return Fail(txn.error());
  BELFRY_RETURN_IF_ERROR(ReloadSegments());  // under the write lock
  std::vector<int64_t> dropped;
  for (auto& [id, s] : segments_) {
    if (!s.sealed) continue;  // another process is still writing it
    if (s.max_seen < event_cutoff) {
      stats.events_deleted += static_cast<uint64_t>(s.rows);
      BELFRY_RETURN_IF_ERROR(DropSegment(*db_, id));
      dropped.push_back(id);
      continue;
    }
    auto oldest = db_->QueryInt(fmt::format("SELECT min(seen) FROM {}", KeyTable(id)));
    if (!oldest) return Fail(oldest.error());
    if (*oldest >= raw_cutoff) continue;  // nothing old enough here
    auto del = db_->Prepare(fmt::format("DELETE FROM {} WHERE seen < ?", KeyTable(id)));
    if (!del) return Fail(del.error());
    del->BindInt(1, event_cutoff);
    BELFRY_RETURN_IF_ERROR(del->Run());
    stats.events_deleted += static_cast<uint64_t>(db_->Changes());
    auto cleared = RewriteBlocks(id, raw_cutoff);
    if (!cleared) return Fail(cleared.error());
    stats.raw_cleared += *cleared;
  }
  for (int64_t id : dropped) segments_.erase(id);
  for (auto& [id, s] : segments_) {
    if (!s.sealed) continue;
    BELFRY_RETURN_IF_ERROR(RecomputeSegment(*db_, &s));
    BELFRY_RETURN_IF_ERROR(SaveSegment(*db_, s));
  }
  if (!dropped.empty()) BELFRY_RETURN_IF_ERROR(WriteKeyView(*db_, segments_));
  auto rep = db_->Prepare("DELETE FROM reports WHERE received < ?");
  if (!rep) return Fail(rep.error());
  rep->BindInt(1, event_cutoff);
  BELFRY_RETURN_IF_ERROR(rep->Run());
  stats.reports_deleted = static_cast<uint64_t>(db_->Changes());
  auto pre = db_->Prepare(
      "UPDATE reports SET raw_prefix = NULL WHERE received < ? AND raw_prefix IS NOT NULL");
  if (!pre) return Fail(pre.error());
  pre->BindInt(1, raw_cutoff);
  BELFRY_RETURN_IF_ERROR(pre->Run());
  BELFRY_RETURN_IF_ERROR(txn->Commit());
  reload.Done();
  BELFRY_RETURN_IF_ERROR(RefreshView());
  return stats;
}

}  // namespace belfry
