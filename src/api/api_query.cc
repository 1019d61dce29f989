#include "api/api_query.h"

#include <fmt/format.h>

#include "core/date_time.h"
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

Status ReadEventFilters(const WebRequest& r, int64_t now, EventQuery* out) {
  EventQuery& q = *out;
  if (auto v = r.Query("ip"); !v.empty()) {
    auto ip = IpAddress::Parse(v);
    if (!ip) return Fail(Error::InvalidInput("ip: not an IP address"));
    q.ip = *ip;
  }
  if (auto v = r.Query("cidr"); !v.empty()) {
    auto net = IpNetwork::Parse(v);
    if (!net) return Fail(Error::InvalidInput("cidr: not a network (192.0.2.0/24)"));
    q.cidr = *net;
  }
  if (auto v = r.Query("asn"); !v.empty()) {
    auto asn = QueryInt(v, "asn", 0, 4294967295LL);
    if (!asn) return Fail(asn.error());
    q.asn = *asn;
  }
  q.type = r.Query("type");
  q.organisation = r.Query("organisation");
  q.feed = r.Query("feed");
  for (const char* key : {"since", "until"}) {
    if (auto v = r.Query(key); !v.empty()) {
      auto t = ParseSinceMicros(v, now);
      if (!t) return Fail(Error::InvalidInput(fmt::format("{}: a duration (7d) or a date-time", key)));
      (std::string_view(key) == "since" ? q.since_micros : q.until_micros) = *t;
    }
  }
  return Ok();
}

}  // namespace belfry
