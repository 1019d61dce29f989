// Re-routing: when the constituency changes, every stored event not yet notified gets the
// routing decision made again from its body; only the route id in its key row changes.

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "model/event_json.h"
#include "store/backends/sqlite/sqlite_event_store.h"
#include "store/event_block.h"
#include "store/event_codec.h"

namespace belfry {

Result<uint64_t> SqliteEventStore::Reroute(
    const std::function<Route(Event*, bool destination)>& route,
    std::vector<DamagedEvent>* damaged) {
  uint64_t changed = 0;
  BELFRY_RETURN_IF_ERROR(SyncWithOtherWriters());
  // Route ids added in a transaction that rolls back must not stay cached.
  struct ForgetRoutesUnlessDone {
    SqliteEventStore* store;
    bool done = false;
    ~ForgetRoutesUnlessDone() {
      if (!done) store->route_ids_.clear();
    }
  } forget{this};
  auto txn = SqliteTransaction::Begin(*db_);
  if (!txn) return Fail(txn.error());
  auto report = [&](int64_t seg, int64_t id, std::string reason) {
    DamagedEvent d{id, seg, id & 0xFFFFFFFF, std::move(reason)};
    if (damaged) {
      damaged->push_back(std::move(d));
    } else {
      spdlog::warn("event {} (segment {}, row {}) cannot be read, its route is kept: {}", d.id,
                   d.segment, d.row, d.reason);
    }
  };
  for (const auto& [seg, info] : segments_) {
    auto rows = db_->Prepare(fmt::format(
        "SELECT k.id, k.route, r.common, coalesce(rt.destination, 0) FROM {} AS k "
        "LEFT JOIN reports AS r ON r.id = k.report LEFT JOIN routes AS rt ON rt.id = k.route "
        "WHERE k.notified = 0 ORDER BY k.id",
        KeyTable(seg)));
    if (!rows) return Fail(rows.error());
    auto blocks = db_->Prepare(
        fmt::format("SELECT first_id, data FROM {} ORDER BY first_id", DataTable(seg)));
    if (!blocks) return Fail(blocks.error());
    auto update = db_->Prepare(fmt::format("UPDATE {} SET route = ? WHERE id = ?", KeyTable(seg)));
    if (!update) return Fail(update.error());
    // Rows and blocks are both in id order: walk them side by side.
    int64_t block_first = -1, next_first = -1, decoded_first = -1;
    bool blocks_done = false, block_ok = false;
    std::string storage, block_data, common_text, block_error;
    std::vector<BlockEntry> entries;
    Event common, event;
    bool common_ok = true;
    auto advance = [&]() -> Status {
      auto r = blocks->Step();
      if (!r) return Fail(r.error());
      blocks_done = !*r;
      next_first = blocks_done ? INT64_MAX : blocks->Int(0);
      return Ok();
    };
    BELFRY_RETURN_IF_ERROR(advance());
    for (;;) {
      auto r = rows->Step();
      if (!r) return Fail(r.error());
      if (!*r) break;
      const int64_t event_id = rows->Int(0);
      while (!blocks_done && next_first <= event_id) {
        block_first = next_first;
        block_data.assign(blocks->Text(1));
        BELFRY_RETURN_IF_ERROR(advance());
      }
      if (block_first < 0) {
        report(seg, event_id, "no data block");
        continue;
      }
      if (decoded_first != block_first) {
        auto st = DecodeBlock(block_data, &storage, &entries);
        block_ok = static_cast<bool>(st);
        block_error = block_ok ? "" : st.error().message();
        decoded_first = block_first;
      }
      if (!block_ok) {
        report(seg, event_id, block_error);
        continue;
      }
      const size_t index = static_cast<size_t>(event_id - block_first);
      if (index >= entries.size()) {
        report(seg, event_id, "missing from its block");
        continue;
      }
      if (entries[index].body.empty()) continue;  // purged: nothing left to route
      std::string_view report_common = rows->Text(2);
      if (report_common != common_text) {
        common_text.assign(report_common);
        common.Clear();
        common_ok = true;
        if (!common_text.empty()) {
          auto parsed = ParseEventJson(common_text);
          common_ok = static_cast<bool>(parsed);
          if (parsed) common = std::move(*parsed);
        }
      }
      if (!common_ok) {
        report(seg, event_id, "the report's common fields cannot be read");
        continue;
      }
      event.CopyFrom(common);
      if (auto st = DecodeEventBody(entries[index].body, &event); !st) {
        report(seg, event_id, st.error().message());
        continue;
      }
      auto new_id = RouteId(route(&event, rows->Int(3) != 0));
      if (!new_id) return Fail(new_id.error());
      if (!rows->IsNull(1) && rows->Int(1) == *new_id) continue;
      update->BindInt(1, *new_id);
      update->BindInt(2, event_id);
      BELFRY_RETURN_IF_ERROR(update->Run());
      ++changed;
    }
  }
  BELFRY_RETURN_IF_ERROR(txn->Commit());
  forget.done = true;
  return changed;
}

}  // namespace belfry
