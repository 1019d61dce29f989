#include "app/event_query_commands.h"

#include <fmt/format.h>

#include <cstdio>

#include "app/services.h"
#include "core/date_time.h"
#include "core/text.h"
#include "enrich/time_sanity.h"
#include "model/event_json.h"

namespace belfry {
namespace {

// The same, for a command that only reads: nothing is written, not even on opening.
Result<EventStore*> ExistingStoreToRead(Services& services) {
  BELFRY_RETURN_IF_ERROR(services.RequireDatabase());
  return services.event_reader();
}


}  // namespace

Status ApplyEventFilters(const std::string& ip, const std::string& cidr, const std::string& since,
                         const std::string& until, EventQuery* q) {
  if (!ip.empty()) {
    auto a = IpAddress::Parse(ip);
    if (!a) return Fail(Error::InvalidConfig(fmt::format("--ip: {}", a.error().message())));
    q->ip = *a;
  }
  if (!cidr.empty()) {
    auto n = IpNetwork::Parse(cidr);
    if (!n) return Fail(Error::InvalidConfig(fmt::format("--cidr: {}", n.error().message())));
    q->cidr = *n;
  }
  for (auto [text, out, name] :
       {std::tuple{&since, &q->since_micros, "--since"}, {&until, &q->until_micros, "--until"}}) {
    if (text->empty()) continue;
    auto t = ParseSinceMicros(*text, SystemClock().NowMicros());  // "7d" = the last 7 days
    if (!t) return Fail(Error::InvalidConfig(fmt::format("{}: {}", name, t.error().message())));
    *out = *t;
  }
  return Ok();
}

void AddEventFilterOptions(CLI::App* c, EventFilterOptions* f, EventQuery* q) {
  c->add_option("--ip", f->ip, "source.ip equals");
  c->add_option("--cidr", f->cidr, "source.ip within (e.g. 192.0.2.0/24)");
  c->add_option("--asn", f->asn, "source.asn equals");
  c->add_option("--type", q->type, "classification.type equals");
  c->add_option("--feed", q->feed, "feed.name equals");
  c->add_option("--since", f->since, "time.source at or after (ISO 8601, or a duration like 7d)");
  c->add_option("--until", f->until, "time.source before (ISO 8601)");
}

// --- events search -------------------------------------------------------------------------
int RunEventsSearch(Services& services, const EventQuery& q_in, const std::string& ip,
              const std::string& cidr, const std::string& since, const std::string& until,
              bool json) {
  EventQuery q = q_in;
  if (Status st = ApplyEventFilters(ip, cidr, since, until, &q); !st) return Report(st.error());
  auto store = ExistingStoreToRead(services);
  if (!store) return Report(store.error());
  std::vector<DamagedEvent> damaged;
  auto found = (*store)->Search(q, &damaged);
  for (const auto& d : damaged)
    fmt::print(stderr, "belfry: event {} (segment {}, row {}) cannot be read: {}\n", d.id,
               d.segment, d.row, d.reason);
  if (!found) return Report(found.error());
  if (!json) {
    fmt::print("{:<25}  {:<39}  {:>5}  {:>10}  {:<24}  {:<22}  {}\n", "time.source", "source.ip",
               "port", "source.asn", "classification.type", "feed.name", "route");
  }
  std::string line;
  for (const auto& f : *found) {
    auto ev = ParseEventJson(f.body);
    if (!ev) continue;
    if (json) {
      if (!f.raw_prefix.empty()) ev->raw_prefix = std::make_shared<const std::string>(f.raw_prefix);
      ev->raw = f.raw;
      line.clear();
      AppendEventJson(*ev, JsonWriteOptions{}, &line);
      fmt::print("{}\n", line);
      continue;
    }
    auto get = [&](FieldId id) { return std::string(ev->Get(id).value_or("")); };
    std::string route;
    if (f.route) {
      route = std::string(RouteKindName(f.route->kind)) +
              (f.route->target.empty() ? "" : " -> " + f.route->target);
      if (f.time_flags) route += " (" + TimeFlagsText(f.time_flags) + ")";
    }
    fmt::print("{:<25}  {:<39}  {:>5}  {:>10}  {:<24}  {:<22}  {}\n", get(fields::kTimeSource),
               get(fields::kSourceIp), get(fields::kSourcePort), get(fields::kSourceAsn),
               get(fields::kClassificationType), get(fields::kFeedName), route);
  }
  if (!json) fmt::print("({} events)\n", found->size());
  return kExitOk;
}

// --- events sql ----------------------------------------------------------------------------
int RunEventsSql(Services& services, const std::string& sql, bool json) {
  auto store = ExistingStoreToRead(services);
  if (!store) return Report(store.error());
  bool header = false;
  std::string line;
  auto st = (*store)->Query(sql, [&](const std::vector<std::string>& names,
                                     const std::vector<std::string>& values,
                                     const std::vector<SqlType>& types) {
    line.clear();
    if (json) {
      // Values keep their SQL types: numbers as numbers, NULL as null.
      line.push_back('{');
      for (size_t i = 0; i < names.size(); ++i) {
        if (i) line.append(", ");
        AppendJsonString(names[i], &line);
        line.append(": ");
        const bool number = types[i] == SqlType::kInteger ||
                            (types[i] == SqlType::kFloat &&
                             values[i].find_first_not_of("0123456789.-+eE") == std::string::npos);
        if (types[i] == SqlType::kNull)
          line.append("null");
        else if (number)
          line.append(values[i]);
        else
          AppendJsonString(values[i], &line);
      }
      line.push_back('}');
    } else {
      if (!header) {
        header = true;
        std::string h;
        for (size_t i = 0; i < names.size(); ++i) h += (i ? "\t" : "") + names[i];
        fmt::print("{}\n", h);
      }
      for (size_t i = 0; i < values.size(); ++i) line += (i ? "\t" : "") + values[i];
    }
    fmt::print("{}\n", line);
  });
  if (!st) return Report(st.error());
  return kExitOk;
}

}  // namespace belfry
