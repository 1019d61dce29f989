// The events not yet notified: re-routing (when the constituency changes, every pending
// event gets the routing decision made again from its body; only the route id in its key
// row changes) and the notifier (notify/), which reads them, then marks them.

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <unordered_map>

#include "model/event_json.h"
#include "store/backends/sqlite/sqlite_event_store.h"
#include "store/event_block.h"
#include "store/event_codec.h"

namespace belfry {

namespace {

int64_t SegmentOf(int64_t event_id) { return event_id >> 32; }

}  // namespace

Status SqliteEventStore::WalkPending(int64_t seen_since,
                                     const std::function<bool(const Route&)>& want,
                                     const PendingVisit& visit,
                                     std::vector<DamagedEvent>* damaged) {
  std::unordered_map<int64_t, Route> routes;
  {
    auto st = db_->Prepare("SELECT id, kind, org, target, destination FROM routes");
    if (!st) return Fail(st.error());
    for (;;) {
      auto r = st->Step();
      if (!r) return Fail(r.error());
      if (!*r) break;
      Route route;
      route.kind = ParseRouteKind(st->Text(1)).value_or(RouteKind::kUnrouted);
      route.org = std::string(st->Text(2));
      route.target = std::string(st->Text(3));
      route.destination = st->Int(4) != 0;
      routes[st->Int(0)] = std::move(route);
    }
  }
  const Route kNoRoute;
  auto report = [&](int64_t seg, int64_t id, std::string reason) {
    DamagedEvent d{id, seg, id & 0xFFFFFFFF, std::move(reason)};
    if (damaged) {
      damaged->push_back(std::move(d));
    } else {
      spdlog::warn("event {} (segment {}, row {}) cannot be read: {}", d.id, d.segment, d.row,
                   d.reason);
    }
  };
  for (const auto& [seg, info] : segments_) {
    if (info.max_seen != 0 && info.max_seen < seen_since) continue;
    auto rows = db_->Prepare(fmt::format(
        "SELECT k.id, k.route, r.common, k.seen FROM {} AS k "
        "LEFT JOIN reports AS r ON r.id = k.report WHERE k.notified = 0 AND k.seen >= ? "
        "ORDER BY k.id",
        KeyTable(seg)));
    if (!rows) return Fail(rows.error());
    rows->BindInt(1, seen_since);
    auto blocks = db_->Prepare(
        fmt::format("SELECT first_id, data FROM {} ORDER BY first_id", DataTable(seg)));
    if (!blocks) return Fail(blocks.error());
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
      const int64_t route_id = rows->IsNull(1) ? -1 : rows->Int(1);
      auto found = routes.find(route_id);
      const Route& route = found == routes.end() ? kNoRoute : found->second;
      const int64_t seen = rows->Int(3);
      if (want && !want(route)) {
        BELFRY_RETURN_IF_ERROR(visit(event_id, seen, route_id, route, nullptr));
        continue;
      }
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
      if (entries[index].body.empty()) continue;  // purged: nothing left to route or tell
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
      BELFRY_RETURN_IF_ERROR(visit(event_id, seen, route_id, route, &event));
    }
  }
  return Ok();
}

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
  std::map<int64_t, SqliteStmt> updates;
  BELFRY_RETURN_IF_ERROR(WalkPending(
      0, nullptr,
      [&](int64_t id, int64_t, int64_t route_id, const Route& old, Event* event) -> Status {
        auto new_id = RouteId(route(event, old.destination));
        if (!new_id) return Fail(new_id.error());
        if (route_id == *new_id) return Ok();
        auto& update = updates[SegmentOf(id)];
        if (!update.valid()) {
          auto st = db_->Prepare(
              fmt::format("UPDATE {} SET route = ? WHERE id = ?", KeyTable(SegmentOf(id))));
          if (!st) return Fail(st.error());
          update = std::move(*st);
        }
        update.BindInt(1, *new_id);
        update.BindInt(2, id);
        BELFRY_RETURN_IF_ERROR(update.Run());
        ++changed;
        return Ok();
      },
      damaged));
  updates.clear();
  BELFRY_RETURN_IF_ERROR(txn->Commit());
  forget.done = true;
  return changed;
}

Status SqliteEventStore::ForEachPending(const PendingScan& scan,
                                        const std::function<Status(PendingEvent&)>& fn,
                                        std::vector<DamagedEvent>* damaged) {
  BELFRY_RETURN_IF_ERROR(SyncWithOtherWriters());
  PendingEvent p;
  return WalkPending(
      scan.seen_since, scan.want_body,
      [&](int64_t id, int64_t seen, int64_t, const Route& route, Event* event) -> Status {
        p.id = id;
        p.seen = seen;
        p.route = route;
        p.decoded = event != nullptr;
        if (event) {
          p.event.CopyFrom(*event);
        } else {
          p.event.Clear();
        }
        return fn(p);
      },
      damaged);
}

Status SqliteEventStore::SetNotifyState(const std::vector<int64_t>& ids, NotifyState state) {
  if (ids.empty()) return Ok();
  BELFRY_RETURN_IF_ERROR(SyncWithOtherWriters());
  auto txn = SqliteTransaction::Begin(*db_);
  if (!txn) return Fail(txn.error());
  std::map<int64_t, SqliteStmt> updates;
  for (int64_t id : ids) {
    const int64_t seg = SegmentOf(id);
    if (!segments_.count(seg)) continue;  // purged or merged away meanwhile
    auto& update = updates[seg];
    if (!update.valid()) {
      auto st = db_->Prepare(fmt::format("UPDATE {} SET notified = ? WHERE id = ?", KeyTable(seg)));
      if (!st) return Fail(st.error());
      update = std::move(*st);
    }
    update.BindInt(1, static_cast<int64_t>(state));
    update.BindInt(2, id);
    BELFRY_RETURN_IF_ERROR(update.Run());
  }
  updates.clear();
  return txn->Commit();
}

Result<uint64_t> SqliteEventStore::ExpirePending(int64_t seen_before) {
  BELFRY_RETURN_IF_ERROR(SyncWithOtherWriters());
  auto txn = SqliteTransaction::Begin(*db_);
  if (!txn) return Fail(txn.error());
  uint64_t n = 0;
  for (const auto& [seg, info] : segments_) {
    auto st = db_->Prepare(fmt::format(
        "UPDATE {} SET notified = ? WHERE notified = 0 AND seen < ?", KeyTable(seg)));
    if (!st) return Fail(st.error());
    st->BindInt(1, static_cast<int64_t>(NotifyState::kSkipped));
    st->BindInt(2, seen_before);
    BELFRY_RETURN_IF_ERROR(st->Run());
    n += static_cast<uint64_t>(db_->Changes());
  }
  BELFRY_RETURN_IF_ERROR(txn->Commit());
  return n;
}

}  // namespace belfry
