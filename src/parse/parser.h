#pragma once
// The parser interface: pure functions of bytes. A parser never does I/O; it is handed a
// report's bytes window by window and returns events and dead letters.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "model/event.h"
#include "model/tlp.h"

namespace belfry {

// What arrived: one file, mail attachment or HTTP body, and the feed it belongs to.
struct ReportInfo {
  std::string file_name;  // base name; drives Shadowserver report-type detection
  std::string feed_name;  // configured feed (parsers may replace it, e.g. Shadowserver's)
  std::string provider;
  std::string documentation;
  std::string code;
  double accuracy = 100.0;
  std::optional<Tlp> tlp;
  int64_t observed_micros = 0;  // time.observation
};

// A record that could not become an event, with enough context to find and replay it.
struct DeadLetter {
  DeadLetter() = default;
  DeadLetter(std::string file_in, uint64_t line_in, std::string reason_in, std::string raw_in,
             std::string report_in = {})
      : file(std::move(file_in)),
        line(line_in),
        reason(std::move(reason_in)),
        raw(std::move(raw_in)),
        report(std::move(report_in)) {}

  std::string file;
  uint64_t line = 0;
  std::string reason;
  std::string raw;
  // The SHA-256 of the report the record came from (set by the pipeline): with `line` it
  // keys the dead letter, so that running the same report again does not repeat it.
  std::string report;
  // false for what is not a data record (a malformed header, a report that failed as a
  // whole): kept as a dead letter, not counted among the rejected rows.
  bool is_record = true;
};

struct ParseOutput {
  std::vector<Event> events;
  // Cleared events whose buffers parsers reuse before allocating new ones (filled by the
  // pipeline with events a later stage is done with).
  std::vector<Event> spare;
  Event TakeEvent() {
    if (spare.empty()) return Event();
    Event e = std::move(spare.back());
    spare.pop_back();
    e.Clear();
    return e;
  }
  std::vector<DeadLetter> dead_letters;
  uint64_t records = 0;  // data records seen (events + dead letters, header excluded)
  // Rows with fewer columns than the header, kept with the missing columns empty (as
  // IntelMQ's csv.DictReader does); counted so that the summary can say so.
  uint64_t short_rows = 0;
};

// Caps on one record, so that hostile input costs bounded time and memory ([pipeline]
// max_columns, max_extra_keys; max_record_bytes is the tokenizer's). A record beyond them is
// a dead letter naming the cap.
struct ParseLimits {
  size_t max_columns = 4096;
  size_t max_extra_keys = 1024;
};

class Parser {
 public:
  virtual ~Parser() = default;
  void set_limits(const ParseLimits& limits) { limits_ = limits; }
  virtual std::string_view name() const = 0;
  // Starts a report. Errors here concern the whole report (e.g. unknown report type).
  virtual Status Begin(const ReportInfo& info) = 0;
  // Parses the complete records at the front of `window` and returns how many bytes it
  // consumed; the caller passes the rest again, followed by more data. `last` marks the
  // end of the report.
  virtual Result<size_t> Parse(std::string_view window, bool last, ParseOutput* out) = 0;
  // Normalised (field, value) pairs set on every event of the current report (valid after
  // Begin). The store keeps them once per report instead of once per event.
  virtual const std::vector<std::pair<FieldId, std::string>>& ReportConstants() const = 0;

 protected:
  // The reason a finished event breaks the extra-key cap, or "" when it does not.
  std::string ExtraKeysOverLimit(const Event& event) const;

  ParseLimits limits_;
};

// Report-level fields every parser stamps on its events (IntelMQ's new_event(report)),
// normalised once per report.
class ReportStamp {
 public:
  Status Prepare(const ReportInfo& info);
  // Overrides feed.name / feed.documentation (Shadowserver's schema supplies them).
  Status SetFeedName(std::string_view name);
  Status SetDocumentation(std::string_view url);
  void Apply(Event* event) const;
  const std::vector<std::pair<FieldId, std::string>>& values() const { return values_; }

 private:
  std::vector<std::pair<FieldId, std::string>> values_;
  Status Put(FieldId id, std::string_view value);
};

}  // namespace belfry
