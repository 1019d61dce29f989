#include "collect/http_source.h"

#include <fmt/format.h>

#include <optional>

#include "collect/feed_config.h"
#include "collect/retry.h"

namespace belfry {

std::string DownloadName(const std::string& url, const std::string& disposition_name,
                         const std::string& feed) {
  if (!disposition_name.empty()) return CleanReportName(disposition_name, feed);
  std::string path = url;
  if (size_t q = path.find_first_of("?#"); q != std::string::npos) path.resize(q);
  size_t scheme = path.find("://");
  size_t slash = path.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  path = slash == std::string::npos ? "" : path.substr(slash);
  while (!path.empty() && path.back() == '/') path.pop_back();
  return CleanReportName(path, feed);
}

Status HttpSource::Collect(SourceContext& ctx, const DeliveryHandler& handle) {
  const SourceConfig& s = ctx.feed.source;
  HttpRequest req;
  req.url = s.location;
  req.headers = s.headers;
  req.timeout_seconds = s.timeout_seconds;
  req.verify_tls = s.verify_tls;
  req.ca_file = s.ca_file;
  req.user_agent = ctx.user_agent;
  if (!ctx.state.etag.empty()) req.headers.push_back("If-None-Match: " + ctx.state.etag);
  if (!ctx.state.last_modified.empty())
    req.headers.push_back("If-Modified-Since: " + ctx.state.last_modified);
  HttpResponse response;
  auto fetched = WithRetries(ctx, [&]() -> Result<std::optional<SpooledFile>> {
    auto w =
        ctx.spool.Create(ctx.feed.name, DownloadName(s.location, "", ctx.feed.name), s.max_bytes);
    if (!w) return Fail(w.error());
    auto r = HttpFetch(req, [&](std::string_view b) { return w->Write(b); });
    if (!r) return Fail(r.error());
    if (r->status == 304) return std::optional<SpooledFile>();
    if (r->status != 200) return Fail(HttpStatusError(s.location, r->status));
    response = *r;
    auto file = w->Commit();
    if (!file) return Fail(file.error());
    file->name = DownloadName(s.location, r->file_name, ctx.feed.name);
    return std::optional<SpooledFile>(std::move(*file));
  });
  if (!fetched) return Fail(fetched.error());
  if (!*fetched) {
    spdlog::info("feed {}: {} not modified", ctx.feed.name, RedactUrl(s.location));
    return Ok();
  }
  Delivery d;
  d.label = RedactUrl(s.location);
  auto files = UnpackReports(ctx.spool, ctx.feed.name, **fetched, s.max_bytes);
  if (!files)
    d.error = files.error().message();
  else
    for (auto& f : *files)
      d.reports.push_back(CollectedReport{RedactUrl(s.location), std::move(f)});
  Verdict v = handle(d);
  // Remember the version only once it is settled: a kept download must come again.
  if (v.outcome != Outcome::kKeep) {
    ctx.state.etag = response.etag;
    ctx.state.last_modified = response.last_modified;
  }
  return Ok();
}

SourceKind HttpSource::Kind() {
  return SourceKind::Prefixed<HttpSource>("http", {"http://", "https://"}, true, "http(s)://…",
                                          "every 1h");
}

}  // namespace belfry
