#pragma once
// The event store interface. Backends: SQLite (embedded default, backends/sqlite). The
// interface is shaped for a second backend (PostgreSQL): callers never see SQL.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/event.h"
#include "model/ip_address.h"
#include "model/route.h"
#include "store/store_config.h"

namespace belfry {

// One event ready for storage: key columns for search plus the IntelMQ JSON body.
struct StoreRow {
  std::optional<int64_t> time_source;  // micros
  std::optional<IpAddress> source_ip;
  std::optional<int64_t> source_asn;
  std::string classification_type;
  std::string feed_name;
  uint64_t hash = 0;
  int64_t seen = 0;  // when Belfry received it (seconds)
  int64_t report_id = 0;
  // The routing decision (enrich/router.h); routed == false when routing is off.
  bool routed = false;
  Route route;
  uint8_t time_flags = 0;  // enrich/time_sanity.h
};

// Bodies (event_codec.h: without raw and without the report's common fields) and raw
// records of rows [first_row, first_row + count) of a Write, compressed (event_block.h).
struct StoreBlock {
  size_t first_row = 0;
  size_t count = 0;
  std::string data;
};

struct ReportRecord {
  std::string feed_name;
  std::string file_name;
  int64_t received = 0;    // seconds
  std::string raw_prefix;  // e.g. the CSV header, shared by the report's events
  // IntelMQ JSON object of the fields every event of the report carries (feed.*,
  // classification.* ...); event bodies leave them out. "" = none.
  std::string common;
};

struct EventQuery {
  std::optional<IpAddress> ip;
  std::optional<IpNetwork> cidr;
  std::optional<int64_t> asn;
  std::string type;
  std::string feed;
  std::optional<int64_t> since_micros;
  std::optional<int64_t> until_micros;
  // Only events routed to this organisation (as a constituent or for triage): the owner of
  // the address, the most specific one for nested networks. "" = any.
  std::string organisation;
  // Only these events (a ticket's evidence); empty = any.
  std::vector<int64_t> ids;
  // Only events with a greater id (those of an ingest that began after StoreStats::last_id).
  std::optional<int64_t> above_id;
  // Keyset pagination: only events after this one in the newest-first order (time.source
  // descending, events without one last, then id descending).
  struct Position {
    std::optional<int64_t> ts;  // time.source (micros) of the last event of the page
    int64_t id = 0;
  };
  std::optional<Position> after;
  size_t limit = 100;
  // Scans that aggregate (the self-check's and the dashboard's indexes) want neither the
  // newest-first order nor the text (FoundEvent::body and raw): only FoundEvent::event.
  bool unordered = false;
  bool text = true;
  // false: FoundEvent::event without its extra.* fields (aggregating scans that never read
  // them decode a third faster). Only with text = false.
  bool extras = true;
};

struct FoundEvent {
  int64_t id = 0;
  std::optional<int64_t> ts;  // time.source (micros), the search order's key
  std::optional<Route> route;  // current routing (may differ from the body's after a re-route)
  uint8_t time_flags = 0;
  bool notified = false;
  std::string body;        // IntelMQ JSON without raw, report-common fields merged in
  Event event;             // the same event decoded (routing applied)
  std::string raw_prefix;  // from the report
  std::string raw;
};

// An event whose stored body or block cannot be decoded. Every reader reports these (the
// segment and row name the place) and goes on with the others; none skips one silently.
struct DamagedEvent {
  int64_t id = 0;
  int64_t segment = 0;
  int64_t row = 0;  // 0-based row within the segment
  std::string reason;
};

// Column names and one row's values as text ("" for NULL), plus each value's type.
enum class SqlType : uint8_t { kNull, kInteger, kFloat, kText, kBlob };
using QueryRowFn =
    std::function<void(const std::vector<std::string>& names,
                       const std::vector<std::string>& values, const std::vector<SqlType>& types)>;

// Where an event stands with the notifier (notify/): the `notified` column of its key row.
enum class NotifyState : uint8_t {
  kPending = 0,   // not yet notified (the notifier and re-routing take it)
  kNotified = 1,  // went to its recipient in a mail
  kSkipped = 2,   // will not be mailed: stale, TLP, excluded, inhibited or a repeat
};

// A stored event not yet notified, as the notifier reads it.
struct PendingEvent {
  int64_t id = 0;
  int64_t seen = 0;  // seconds
  Route route;
  bool decoded = false;  // `event` holds the body (only for the routes the scan wanted)
  Event event;
};

struct PendingScan {
  int64_t seen_since = 0;  // events Belfry received at or after this time (seconds)
  // Which routes' bodies are decoded; the others are only counted by route.
  std::function<bool(const Route&)> want_body;
};

struct PurgeStats {
  uint64_t events_deleted = 0;
  uint64_t raw_cleared = 0;
  uint64_t reports_deleted = 0;
};

struct StoreStats {
  uint64_t events = 0;
  uint64_t segments = 0;
  uint64_t reports = 0;
  int64_t last_id = 0;  // the highest event id (0: none); later ingests' events are above it
};

// What IngestSession::Write did besides appending.
struct WriteOutcome {
  uint64_t dropped = 0;  // rows another writer had committed meanwhile (not stored)
};

// Writes of one ingest run. Not thread-safe: one writer thread.
class IngestSession {
 public:
  virtual ~IngestSession() = default;
  virtual Result<int64_t> AddReport(const ReportRecord& report) = 0;
  // Appends rows (and the blocks holding their bodies) to the open transaction. When a
  // dedup window was loaded (EventStore::ForEachRecentHash), rows whose hash another writer
  // committed meanwhile are dropped here, under the store's write lock, so that concurrent
  // ingests store each event once.
  virtual Result<WriteOutcome> Write(const std::vector<StoreRow>& rows,
                                     const std::vector<StoreBlock>& blocks) = 0;
  // Makes everything written so far durable.
  virtual Status Commit() = 0;
  // Commits that succeeded so far, Write's own included (it commits what came before a
  // full segment it seals): a caller that sees the count move knows its earlier writes are
  // stored, even when the call itself then failed.
  virtual uint64_t commits() const = 0;
  // Commits, builds the search indexes and merges small segments.
  virtual Status Finish() = 0;
};

class EventStore {
 public:
  virtual ~EventStore() = default;
  virtual Result<std::unique_ptr<IngestSession>> BeginIngest(int64_t now) = 0;
  // Calls `fn(hash, seen)` for every stored event seen at or after `since` (seconds), and
  // arms the commit-time check of the ingest sessions begun afterwards (IngestSession::Write).
  virtual Status ForEachRecentHash(int64_t since,
                                   const std::function<void(uint64_t, int64_t)>& fn) = 0;
  // Events matching `query`, newest first. Damaged events are left out and listed in
  // `damaged` (or logged as warnings when it is null).
  virtual Result<std::vector<FoundEvent>> Search(const EventQuery& query,
                                                 std::vector<DamagedEvent>* damaged = nullptr) = 0;
  // The same events one at a time, without holding them all (exports, the self-check's and
  // the dashboard's indexes). `fn` failing stops the scan with its error.
  virtual Status Scan(const EventQuery& query, const std::function<Status(FoundEvent&)>& fn,
                      std::vector<DamagedEvent>* damaged = nullptr) = 0;
  virtual Result<PurgeStats> Purge(const RetentionConfig& retention, int64_t now) = 0;
  virtual Result<StoreStats> Stats() = 0;
  // Calls `route(event, destination)` for every stored event not yet notified and stores the
  // decision it returns when it differs from the stored one; `destination` is the side the
  // event was routed on when it was stored. Returns how many events changed route.
  // Damaged events keep their route and are listed in `damaged` (or logged when null).
  virtual Result<uint64_t> Reroute(const std::function<Route(Event*, bool destination)>& route,
                                   std::vector<DamagedEvent>* damaged = nullptr) = 0;
  // Calls `fn` for every event not yet notified (NotifyState::kPending) seen at or after
  // `scan.seen_since`, in id order. Damaged events are skipped and listed in `damaged` (or
  // logged when null).
  virtual Status ForEachPending(const PendingScan& scan,
                                const std::function<Status(PendingEvent&)>& fn,
                                std::vector<DamagedEvent>* damaged = nullptr) = 0;
  // Sets the notify state of these events (in one transaction).
  virtual Status SetNotifyState(const std::vector<int64_t>& ids, NotifyState state) = 0;
  // Marks every pending event received before `seen_before` skipped (stale); returns how
  // many. Reads no bodies.
  virtual Result<uint64_t> ExpirePending(int64_t seen_before) = 0;
  // Runs one read-only SQL statement against the eventdb view `events`; calls `row` for each
  // result row. Statements that write are refused.
  virtual Status Query(const std::string& sql, const QueryRowFn& row) = 0;
};

}  // namespace belfry
