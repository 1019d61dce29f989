#include "collect/misp_api_source.h"

#include <fmt/format.h>
#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <cstdlib>

#include "collect/source_fetch.h"
#include "core/json_object.h"
#include "core/text.h"

namespace belfry {

namespace {

bool IsHex(char c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && IsHex(s[i + 1]) && IsHex(s[i + 2])) {
      auto hex = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
      out.push_back(static_cast<char>(hex(s[i + 1]) << 4 | hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i] == '+' ? ' ' : s[i]);
    }
  }
  return out;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    const size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

}  // namespace

MispApiQuery ParseMispApiLocation(const std::string& location) {
  MispApiQuery q;
  const auto mark = location.find('?');
  q.base = location.substr(0, mark);
  while (!q.base.empty() && q.base.back() == '/') q.base.pop_back();
  if (mark == std::string::npos) return q;
  for (std::string_view part : Split(std::string_view(location).substr(mark + 1), '&')) {
    const auto eq = part.find('=');
    const std::string key(part.substr(0, eq));
    const std::string value = eq == std::string_view::npos ? "" : PercentDecode(part.substr(eq + 1));
    if (key == "tags") {
      for (std::string_view t : Split(value, ','))
        if (!TrimAscii(t).empty()) q.tags.emplace_back(TrimAscii(t));
    } else if (key == "last") {
      q.last = value;
    } else if (key == "org") {
      for (std::string_view o : Split(value, ','))
        if (!TrimAscii(o).empty()) q.orgs.emplace_back(TrimAscii(o));
    }
  }
  return q;
}

Status MispApiSource::Collect(SourceContext& ctx, const DeliveryHandler& handle) {
  const MispApiQuery q = ParseMispApiLocation(ctx.feed.source.location);
  std::string key = ctx.feed.source.api_key;
  if (key.empty())
    if (const char* env = std::getenv("BELFRY_MISP_API_KEY")) key = env;
  if (key.empty())
    return Fail(Error::InvalidConfig(fmt::format(
        "feed {}: the MISP instance's key: api_key, or $BELFRY_MISP_API_KEY", ctx.feed.name)));
  auto json_list = [](const std::vector<std::string>& items) {
    std::string out = "[";
    for (const auto& t : items) {
      if (out.size() > 1) out += ", ";
      AppendJsonString(t, &out);
    }
    return out + "]";
  };
  JsonObject body;
  body.Str("returnFormat", "json").Raw("tags", json_list(q.tags));
  if (!q.orgs.empty()) body.Raw("org", json_list(q.orgs));
  if (!q.last.empty()) body.Str("last", q.last);
  HttpRequest req = RequestFor(ctx, q.base + "/events/restSearch");
  req.method = "POST";
  req.body = body.Done();
  req.headers.push_back("Authorization: " + key);
  req.headers.push_back("Accept: application/json");
  req.headers.push_back("Content-Type: application/json");
  auto text = FetchText(ctx, req, nullptr);
  if (!text) return Fail(text.error());
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::dom::array list;
  if (parser.parse(*text).get(doc) != simdjson::SUCCESS ||
      doc["response"].get_array().get(list) != simdjson::SUCCESS)
    return Fail(Error::InvalidInput(fmt::format("{}/events/restSearch: not a MISP search answer",
                                                RedactUrl(q.base))));
  size_t total = 0, fetched = 0;
  for (simdjson::dom::element item : list) {
    if (ctx.stopping()) break;
    simdjson::dom::element ev;
    std::string_view uuid, ts;
    if (item["Event"].get(ev) != simdjson::SUCCESS || ev["uuid"].get_string().get(uuid) != simdjson::SUCCESS)
      continue;
    ++total;
    if (ev["timestamp"].get_string().get(ts) != simdjson::SUCCESS) ts = "";
    const std::string source_id = fmt::format("{}#{}", AsciiLowerCopy(uuid), ts);
    auto seen = ctx.ledger.SeenSource(ctx.feed.name, source_id);
    if (!seen) return Fail(seen.error());
    if (*seen) continue;
    Delivery d;
    std::string_view info;
    if (ev["info"].get_string().get(info) != simdjson::SUCCESS) info = "";
    d.label = fmt::format("MISP event {} '{}'", uuid, info);
    d.source_id = source_id;
    auto go_on = DeliverDocument(ctx, handle, d, fmt::format("{}.json", AsciiLowerCopy(uuid)),
                                 "{\"Event\": " + simdjson::to_string(ev) + "}");
    if (!go_on) return Fail(go_on.error());
    if (!*go_on) break;
    ++fetched;
  }
  spdlog::info("feed {}: {} MISP event(s) match, {} new or changed", ctx.feed.name, total, fetched);
  return Ok();
}

SourceKind MispApiSource::Kind() {
  return SourceKind::Prefixed<MispApiSource>("misp-api", {"misp-api:"}, false,
                                             "misp-api:https://misp…/?tags=tlp:green&last=30d",
                                             "every 1h");
}

}  // namespace belfry
