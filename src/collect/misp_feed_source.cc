#include "collect/misp_feed_source.h"

#include <fmt/format.h>
#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "collect/source_fetch.h"
#include "core/text.h"

namespace belfry {

namespace {

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
      return false;
  }
  return true;
}

}  // namespace

Result<std::vector<MispFeedEntry>> ParseMispManifest(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::dom::object events;
  if (parser.parse(json.data(), json.size()).get(doc) != simdjson::SUCCESS)
    return Fail(Error::InvalidInput("the MISP feed's manifest.json is not JSON"));
  if (doc.get_object().get(events) != simdjson::SUCCESS)
    return Fail(Error::InvalidInput("not a MISP feed manifest (an object of event UUIDs)"));
  std::vector<MispFeedEntry> out;
  for (auto [key, value] : events) {
    if (!IsUuid(key) || !value.is_object()) continue;
    MispFeedEntry e;
    e.uuid = AsciiLowerCopy(key);
    simdjson::dom::element ts;
    if (value["timestamp"].get(ts) == simdjson::SUCCESS)
      e.timestamp = ts.is_string() ? std::string(ts.get_string().value()) : simdjson::to_string(ts);
    std::string_view info;
    if (value["info"].get_string().get(info) == simdjson::SUCCESS) e.info = std::string(info);
    out.push_back(std::move(e));
  }
  return out;
}

Status MispFeedSource::Collect(SourceContext& ctx, const DeliveryHandler& handle) {
  std::string base = ctx.feed.source.location;
  if (base.size() > 14 && base.compare(base.size() - 14, 14, "/manifest.json") == 0)
    base.resize(base.size() - 13);
  if (base.empty() || base.back() != '/') base.push_back('/');
  auto manifest = FetchText(ctx, RequestFor(ctx, base + "manifest.json"), nullptr);
  if (!manifest) return Fail(manifest.error());
  auto entries = ParseMispManifest(*manifest);
  if (!entries)
    return Fail(Error::InvalidInput(fmt::format("{}manifest.json: {}", RedactUrl(base),
                                                entries.error().message())));
  // Oldest first: a changed event is ingested after the version it replaces.
  std::stable_sort(entries->begin(), entries->end(), [](const MispFeedEntry& a, const MispFeedEntry& b) {
    return a.timestamp.size() != b.timestamp.size() ? a.timestamp.size() < b.timestamp.size()
                                                    : a.timestamp < b.timestamp;
  });
  size_t fetched = 0;
  for (const auto& e : *entries) {
    if (ctx.stopping()) break;
    const std::string url = base + e.uuid + ".json";
    const std::string source_id = e.uuid + "#" + e.timestamp;
    auto seen = ctx.ledger.SeenSource(ctx.feed.name, source_id);
    if (!seen) return Fail(seen.error());
    if (*seen) continue;
    Delivery d;
    d.label = e.info.empty() ? RedactUrl(url) : fmt::format("{} '{}'", RedactUrl(url), e.info);
    d.source_id = source_id;
    auto body = FetchText(ctx, RequestFor(ctx, url), nullptr);
    if (!body) {
      if (!IsTransient(body.error())) {
        d.error = body.error().message();
        handle(d);
        continue;
      }
      return Fail(body.error());
    }
    auto go_on = DeliverDocument(ctx, handle, d, e.uuid + ".json", *body);
    if (!go_on) return Fail(go_on.error());
    if (!*go_on) break;
    ++fetched;
  }
  spdlog::info("feed {}: {} MISP event(s) in the manifest, {} new or changed", ctx.feed.name,
               entries->size(), fetched);
  return Ok();
}

SourceKind MispFeedSource::Kind() {
  return SourceKind::Prefixed<MispFeedSource>("misp-feed", {"misp-feed:"}, false,
                                              "misp-feed:https://…/ (a MISP feed: manifest.json "
                                              "and <uuid>.json)",
                                              "every 1h");
}

}  // namespace belfry
