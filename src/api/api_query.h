#pragma once
// Query parameters of the API read strictly: integers in range, cursors that are ours.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/event_store.h"
#include "web/web_request.h"

namespace belfry {

// `text` as an integer in [min, max]; `fallback` when empty.
Result<int64_t> QueryInt(std::string_view text, std::string_view name, int64_t min, int64_t max,
                         int64_t fallback = 0);
// The filters of an event search: ip, cidr, asn, type, organisation, feed, since, until
// (a duration back from `now_micros`, or a date-time).
Status ReadEventFilters(const WebRequest& r, int64_t now_micros, EventQuery* q);
// An event cursor: "<time.source micros or n>_<id>". Opaque to clients.
std::string EventCursor(const EventQuery::Position& p);
Result<EventQuery::Position> ParseEventCursor(std::string_view text);

}  // namespace belfry
