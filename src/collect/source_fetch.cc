#include "collect/source_fetch.h"

#include <fmt/format.h>

#include "collect/retry.h"

namespace belfry {

HttpRequest RequestFor(const SourceContext& ctx, const std::string& url) {
  const SourceConfig& s = ctx.feed.source;
  HttpRequest req;
  req.url = url;
  req.headers = s.headers;
  req.timeout_seconds = s.timeout_seconds;
  req.verify_tls = s.verify_tls;
  req.ca_file = s.ca_file;
  req.user_agent = ctx.user_agent;
  return req;
}

// A small document (a feed, a hash) into memory, at most max_bytes.
Result<std::string> FetchText(const SourceContext& ctx, HttpRequest req, HttpResponse* response) {
  const uint64_t max = ctx.feed.source.max_bytes;
  return WithRetries(ctx, [&]() -> Result<std::string> {
    std::string body;
    auto r = HttpFetch(req, [&](std::string_view b) -> Status {
      if (max && body.size() + b.size() > max)
        return Fail(Error::InvalidInput(fmt::format("{} is larger than max_size", RedactUrl(req.url))));
      body.append(b);
      return Ok();
    });
    if (!r) return Fail(r.error());
    if (r->status != 200 && r->status != 304) return Fail(HttpStatusError(req.url, r->status));
    if (response) *response = *r;
    return body;
  });
}

Result<bool> DeliverDocument(SourceContext& ctx, const DeliveryHandler& handle, Delivery& d,
                             const std::string& name, std::string_view body) {
  auto w = ctx.spool.Create(ctx.feed.name, name, ctx.feed.source.max_bytes);
  if (!w) return Fail(w.error());
  BELFRY_RETURN_IF_ERROR(w->Write(body));
  auto file = w->Commit();
  if (!file) return Fail(file.error());
  d.reports.push_back(CollectedReport{d.source_id, std::move(*file)});
  return handle(d).outcome != Outcome::kKeep;
}

std::string NameOf(const std::string& url) {
  std::string path = url.substr(0, url.find_first_of("?#"));
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace belfry
