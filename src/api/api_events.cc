#include "api/api_events.h"

#include <fmt/format.h>

#include "api/api_guard.h"
#include "api/api_query.h"
#include "core/date_time.h"
#include "core/json_object.h"
#include "model/event_json.h"
#include "model/field_registry.h"
#include "notify/event_formats.h"

namespace belfry {

namespace {

constexpr size_t kPageMax = 1000, kPageDefault = 100;
constexpr size_t kExportMax = 100000, kExportDefault = 10000;

Result<EventQuery> ReadQuery(ApiContext* ctx, const WebRequest& r, const std::string& format) {
  EventQuery q;
  BELFRY_RETURN_IF_ERROR(ReadEventFilters(r, ctx->w.clock->NowMicros(), &q));
  const bool page = format == "json";
  auto limit = QueryInt(r.Query("limit"), "limit", 1,
                        static_cast<int64_t>(page ? kPageMax : kExportMax),
                        static_cast<int64_t>(page ? kPageDefault : kExportDefault));
  if (!limit) return Fail(limit.error());
  q.limit = static_cast<size_t>(*limit);
  if (auto v = r.Query("cursor"); !v.empty()) {
    auto pos = ParseEventCursor(v);
    if (!pos) return Fail(pos.error());
    q.after = *pos;
  }
  return q;
}

struct Page {
  std::vector<Event> events;
  std::vector<FoundEvent> found;  // bodies cleared; ids, routes
  std::string next_cursor;
};

// One page: the store's search, then what this principal may read of it. The cursor is
// taken from the last event scanned (read or not), so that hidden events never stop paging.
Result<Page> ReadPage(ApiContext* ctx, const Principal& p, EventQuery q) {
  if (!p.team()) q.organisation = p.organisation;
  q.text = false;  // written below from the decoded event, after the checks
  Page page;
  size_t scanned = 0;
  EventQuery::Position last;
  auto st = ctx->w.events->Scan(q, [&](FoundEvent& f) -> Status {
    ++scanned;
    last = {f.ts, f.id};
    std::optional<Tlp> tlp;
    if (auto t = f.event.Get(fields::kTlp)) tlp = ParseTlp(*t);
    if (!MayReadEvent(p, tlp, f.route)) return Ok();
    page.events.push_back(std::move(f.event));
    page.found.push_back(std::move(f));
    return Ok();
  });
  if (!st) return Fail(st.error());
  if (scanned == q.limit) page.next_cursor = EventCursor(last);
  return page;
}

WebResponse Events(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  std::string format = r.Query("format");
  if (format.empty()) format = "json";
  if (format != "json" && format != "jsonl" && format != "csv")
    return JsonError(400, "invalid", "format: json, jsonl or csv");
  auto q = ReadQuery(ctx, r, format);
  if (!q) return ApiError(q.error());
  auto page = ReadPage(ctx, p, *q);
  if (!page) return ApiError(page.error());
  if (ctx->w.metrics)
    ctx->w.metrics->Add("belfry_api_events_returned_total", Metrics::Label("format", format),
                        static_cast<double>(page->events.size()));
  WebResponse resp;
  resp.headers.emplace_back("Cache-Control", "no-store");
  if (!page->next_cursor.empty()) resp.headers.emplace_back("X-Next-Cursor", page->next_cursor);
  if (format == "csv") {
    std::vector<const Event*> ptrs;
    for (const auto& e : page->events) ptrs.push_back(&e);
    resp.content_type = "text/csv; charset=utf-8";
    resp.body = EventsCsv(ptrs, ',');
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"events.csv\"");
    return resp;
  }
  JsonWriteOptions opts;
  opts.include_raw = false;
  if (format == "jsonl") {
    resp.content_type = "application/x-ndjson";
    for (const auto& e : page->events) {
      AppendEventJson(e, opts, &resp.body);
      resp.body.push_back('\n');
    }
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"events.jsonl\"");
    return resp;
  }
  std::string body = "{\"events\": [";
  for (size_t i = 0; i < page->events.size(); ++i) {
    const FoundEvent& f = page->found[i];
    std::string event;
    AppendEventJson(page->events[i], opts, &event);
    if (i) body += ", ";
    body += JsonObject()
                .Int("id", f.id)
                .Str("route", f.route ? RouteKindName(f.route->kind) : "")
                .StrOrNull("organisation", f.route ? f.route->org : "")
                .Bool("notified", f.notified)
                .Raw("event", event)
                .Done();
  }
  body += "], ";
  body += "\"next_cursor\": ";
  if (page->next_cursor.empty()) {
    body += "null";
  } else {
    AppendJsonString(page->next_cursor, &body);
  }
  body += "}";
  resp.content_type = "application/json";
  resp.body = std::move(body);
  return resp;
}

}  // namespace

void AddEventRoutes(Router* router, ApiContext* ctx) {
  router->Add("GET", "/api/v1/events",
              Guard(ctx, Need::kRead, [ctx](const WebRequest& r, const Principal& p) {
                return Events(ctx, r, p);
              }));
}

}  // namespace belfry
