#pragma once
// IntelMQ's one-line JSON event format: flat dotted keys in sorted order, typed values
// (numbers, booleans, strings), `extra.*` keys flat, `raw` in base64, TLP as IntelMQ's
// WHITE/GREEN/AMBER/RED (AMBER+STRICT also kept in extra.tlp so nothing is lost).

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/event.h"

namespace belfry {

struct JsonWriteOptions {
  bool include_raw = true;
  bool include_time_observation = true;
  // "," and ":" without spaces (storage); IntelMQ writes ", " and ": ".
  bool compact = false;
};

// Appends the event as one JSON object (no newline).
void AppendEventJson(const Event& event, const JsonWriteOptions& options, std::string* out);
std::string EventToJson(const Event& event);

// Parses one IntelMQ JSON event (flat or hierarchical keys; "__type" must be "Event" if
// present). Every value goes through the field's sanitizer, as IntelMQ's add() does.
Result<Event> ParseEventJson(std::string_view json);

}  // namespace belfry
