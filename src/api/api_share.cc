#include "api/api_share.h"

#include <fmt/format.h>

#include "api/api_guard.h"
#include "api/api_query.h"
#include "share/share_export.h"

namespace belfry {

namespace {

// A response is built in memory: at most this many events per request (the CLI streams any
// number).
constexpr int64_t kShareMax = 100000, kShareDefault = 10000;

WebResponse Share(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  ShareRequest req;
  req.format = r.params.at("format");
  if (!IsShareFormat(req.format))
    return JsonError(400, "invalid", "format: misp, stix, iodef or xarf");
  std::string for_text = r.Query("for");
  if (for_text.empty()) for_text = "community";
  auto to = ResolveRecipient(for_text, ctx->w.constituency ? ctx->w.constituency->Current().get() : nullptr);
  if (!to)
    return JsonError(400, "invalid", "for: public, community, peer:NAME, org:HANDLE, named:NAME, "
                                     "or a team or organisation by name");
  req.to = *to;
  if (auto st = ReadEventFilters(r, ctx->w.clock->NowMicros(), &req.query); !st)
    return ApiError(st.error());
  auto ticket = QueryInt(r.Query("ticket"), "ticket", 1, INT64_MAX, 0);
  if (!ticket) return ApiError(ticket.error());
  req.ticket = *ticket;
  auto limit = QueryInt(r.Query("limit"), "limit", 1, kShareMax, kShareDefault);
  if (!limit) return ApiError(limit.error());
  req.limit = static_cast<size_t>(*limit);
  req.info = r.Query("info");
  req.actor = p.name;
  WebResponse resp;
  auto done = ExportShared(req, *ctx->w.events, ctx->w.tracker->store(), ctx->w.team,
                           ctx->w.clock->NowSeconds(),
                           [&resp](std::string_view b) { resp.body.append(b); });
  if (!done) return ApiError(done.error());
  resp.content_type = fmt::format("{}; charset=utf-8", ShareMediaType(req.format));
  resp.headers.emplace_back("Cache-Control", "no-store");
  resp.headers.emplace_back("X-Shared-Events", std::to_string(done->shared));
  resp.headers.emplace_back("X-Withheld-Events", std::to_string(done->withheld));
  const char* ext = req.format == "iodef" ? "xml" : req.format == "xarf" ? "jsonl" : "json";
  resp.headers.emplace_back(
      "Content-Disposition",
      req.ticket ? fmt::format("attachment; filename=\"ticket-{}-{}.{}\"", req.ticket, req.format, ext)
                 : fmt::format("attachment; filename=\"events-{}.{}\"", req.format, ext));
  if (ctx->w.metrics)
    ctx->w.metrics->Add("belfry_shared_events_total", Metrics::Label("format", req.format),
                        static_cast<double>(done->shared));
  return resp;
}

}  // namespace

void AddShareRoutes(Router* router, ApiContext* ctx) {
  AddGuarded(router, ctx, {{"GET", "/api/v1/share/{format}", Need::kWrite, Share}});
}

}  // namespace belfry
