#include "api/api_query.h"

#include <fmt/format.h>

#include "core/text.h"

namespace belfry {

Result<int64_t> QueryInt(std::string_view text, std::string_view name, int64_t min, int64_t max,
                         int64_t fallback) {
  if (text.empty()) return fallback;
  auto v = ParseInt64(text);
  if (!v || *v < min || *v > max)
    return Fail(Error::InvalidInput(fmt::format("{}: an integer from {} to {}", name, min, max)));
  return *v;
}

std::string EventCursor(const EventQuery::Position& p) {
  return fmt::format("{}_{}", p.ts ? std::to_string(*p.ts) : "n", p.id);
}

Result<EventQuery::Position> ParseEventCursor(std::string_view text) {
  const size_t sep = text.find('_');
  auto bad = [] { return Fail(Error::InvalidInput("cursor: not a cursor this API gave")); };
  if (sep == std::string_view::npos || text.size() > 64) return bad();
  EventQuery::Position p;
  auto id = ParseInt64(text.substr(sep + 1));
  if (!id || *id <= 0) return bad();
  p.id = *id;
  if (text.substr(0, sep) != "n") {
    auto ts = ParseInt64(text.substr(0, sep));
    if (!ts) return bad();
    p.ts = *ts;
  }
  return p;
}

}  // namespace belfry
