#include "collect/shadowserver_api_source.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <regex>

#include "collect/feed_config.h"
#include "collect/retry.h"
#include "core/date_time.h"
#include "core/digest.h"
#include "core/text.h"

namespace belfry {
namespace {

struct ListedReport {
  std::string id, file;
};

HttpRequest SignedPost(const SourceContext& ctx, const std::string& method, const std::string& body,
                       const std::string& secret) {
  const SourceConfig& s = ctx.feed.source;
  HttpRequest req;
  req.method = "POST";
  req.url = s.api_url + method;
  req.body = body;
  req.headers = s.headers;
  req.headers.push_back("Content-Type: application/json");
  req.headers.push_back("HMAC2: " + HmacSha256Hex(secret, body));
  req.timeout_seconds = s.timeout_seconds;
  req.verify_tls = s.verify_tls;
  req.ca_file = s.ca_file;
  req.user_agent = ctx.user_agent;
  return req;
}

// A refused request: the status, and the API's own {"error": "..."} when it gave one.
Error ApiError(const std::string& url, long status, const std::string& body) {
  Error e = HttpStatusError(url, status);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string_view err;
  if (!parser.parse(body).get(doc) && !doc["error"].get_string().get(err))
    return Error(e.code(), fmt::format("{}: {}", e.message(), err));
  return e;
}

Result<std::vector<ListedReport>> ParseList(const std::string& json, const std::string& where) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(json).get(doc))
    return Fail(Error::Unavailable(fmt::format("{}: the answer is not JSON", where)));
  simdjson::dom::object obj;
  if (!doc.get_object().get(obj)) {
    std::string_view err;
    if (!obj["error"].get_string().get(err))
      return Fail(Error::Unavailable(fmt::format("{}: {}", where, err)));
    return Fail(Error::Unavailable(fmt::format("{}: unexpected answer", where)));
  }
  simdjson::dom::array arr;
  if (doc.get_array().get(arr))
    return Fail(Error::Unavailable(fmt::format("{}: expected a list of reports", where)));
  std::vector<ListedReport> out;
  for (simdjson::dom::element item : arr) {
    simdjson::dom::object o;
    if (item.get_object().get(o)) continue;
    std::string_view id, file;
    if (o["id"].get_string().get(id) || o["file"].get_string().get(file)) continue;
    out.push_back(ListedReport{std::string(id), std::string(file)});
  }
  return out;
}

}  // namespace

std::string ShadowserverListBody(const std::string& api_key, const std::vector<std::string>& lists,
                                 const std::string& from, const std::string& to) {
  std::string body = "{\"apikey\": ";
  AppendJsonString(api_key, &body);
  body += ", \"report\": [";
  for (size_t i = 0; i < lists.size(); ++i) {
    if (i) body += ", ";
    AppendJsonString(lists[i], &body);
  }
  body += "], \"date\": ";
  AppendJsonString(from + ":" + to, &body);
  body += "}";
  return body;
}

std::string ReportTypeOfFileName(const std::string& file_name) {
  static const std::regex re(R"(^(?:\d{4}-\d{2}-\d{2}-)?(\w+)(?:-.*)?\.\w+$)");
  std::smatch m;
  if (std::regex_match(file_name, m, re)) return m[1].str();
  return "";
}

Status ShadowserverApiSource::Collect(SourceContext& ctx, const DeliveryHandler& handle) {
  const SourceConfig& s = ctx.feed.source;
  std::string prefix = fmt::format("feeds.{}", ctx.feed.name);
  auto key = ResolveSecret(s.api_key, prefix + ".api_key", "BELFRY_SHADOWSERVER_API_KEY");
  if (!key) return Fail(key.error());
  auto secret = ResolveSecret(s.secret, prefix + ".secret", "BELFRY_SHADOWSERVER_SECRET");
  if (!secret) return Fail(secret.error());
  // Shadowserver dates its reports by the day they cover; a few days back and one ahead
  // catch late reports and clocks on either side of midnight (as IntelMQ's collector does).
  const int64_t now = ctx.clock.NowMicros();
  std::string from = FormatIsoUtc(now - s.days * 86400LL * 1000000).substr(0, 10);
  std::string to = FormatIsoUtc(now + 86400LL * 1000000).substr(0, 10);
  std::string list_body = ShadowserverListBody(*key, s.reports, from, to);
  std::string listing;
  auto listed = WithRetries(ctx, [&]() -> Status {
    listing.clear();
    auto r =
        HttpFetch(SignedPost(ctx, "reports/list", list_body, *secret), [&](std::string_view b) {
          if (listing.size() + b.size() > (64u << 20))
            return Status(Fail(Error::Unavailable("reports/list: answer larger than 64 MB")));
          listing.append(b);
          return Ok();
        });
    if (!r) return Fail(r.error());
    if (r->status != 200) return Fail(ApiError(s.api_url + "reports/list", r->status, listing));
    return Ok();
  });
  if (!listed) return listed;
  auto reports = ParseList(listing, s.api_url + "reports/list");
  if (!reports) return Fail(reports.error());
  for (const auto& item : *reports) {
    if (ctx.stopping()) break;
    if (!s.types.empty() &&
        std::find(s.types.begin(), s.types.end(), ReportTypeOfFileName(item.file)) == s.types.end())
      continue;
    auto seen = ctx.ledger.SeenSource(ctx.feed.name, item.id);
    if (!seen) return Fail(seen.error());
    if (*seen) continue;
    std::string body = "{\"apikey\": ";
    AppendJsonString(*key, &body);
    body += ", \"id\": ";
    AppendJsonString(item.id, &body);
    body += "}";
    auto file = WithRetries(ctx, [&]() -> Result<SpooledFile> {
      auto w = ctx.spool.Create(ctx.feed.name, item.file, s.max_bytes);
      if (!w) return Fail(w.error());
      std::string head;  // the start of the answer, for an error message
      auto r =
          HttpFetch(SignedPost(ctx, "reports/download", body, *secret), [&](std::string_view b) {
            if (head.size() < 4096) head.append(b.substr(0, 4096 - head.size()));
            return w->Write(b);
          });
      if (!r) return Fail(r.error());
      if (r->status != 200) return Fail(ApiError(s.api_url + "reports/download", r->status, head));
      return w->Commit();
    });
    // The service being down fails the run (the next one tries again); a report it refuses
    // (gone, too large) is recorded as failed and the others are still fetched.
    if (!file && IsTransient(file.error())) return Fail(file.error());
    Delivery d;
    d.label = fmt::format("report {} ({})", item.id, item.file);
    d.source_id = item.id;
    if (!file) {
      d.error = file.error().message();
    } else {
      auto files = UnpackReports(ctx.spool, ctx.feed.name, *file, s.max_bytes);
      if (!files)
        d.error = files.error().message();
      else
        for (auto& f : *files) d.reports.push_back(CollectedReport{item.id, std::move(f)});
    }
    handle(d);
  }
  return Ok();
}

SourceKind ShadowserverApiSource::Kind() {
  SourceKind k = SourceKind::Prefixed<ShadowserverApiSource>(
      "shadowserver-api", {"shadowserver-api"}, true, "shadowserver-api", "every 1h");
  k.match = [](std::string_view s, std::string*) { return s == "shadowserver-api"; };
  k.check = [](SourceConfig* s) -> std::optional<std::pair<std::string, std::string>> {
    if (s->reports.empty())
      return std::make_pair(std::string("reports"),
                            std::string("the Shadowserver API needs the mailing lists (report "
                                        "names) to fetch, e.g. reports = [\"belgium\"]"));
    return std::nullopt;
  };
  return k;
}

}  // namespace belfry
