#include "collect/rolie_source.h"

#include <fmt/format.h>
#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "collect/feed_config.h"
#include "collect/http_client.h"
#include "collect/source_fetch.h"
#include "core/digest.h"
#include "core/text.h"

namespace belfry {

namespace {

std::string Str(simdjson::dom::element e, const char* key) {
  std::string_view v;
  if (e.is_object() && e[key].get_string().get(v) == simdjson::SUCCESS) return std::string(v);
  return "";
}

}  // namespace

Result<std::vector<RolieEntry>> ParseRolieFeed(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(json.data(), json.size()).get(doc) != simdjson::SUCCESS)
    return Fail(Error::InvalidInput("the ROLIE feed is not JSON"));
  simdjson::dom::element feed;
  if (doc["feed"].get(feed) != simdjson::SUCCESS || !feed.is_object())
    return Fail(Error::InvalidInput("not a ROLIE feed (no \"feed\" object)"));
  std::vector<RolieEntry> out;
  simdjson::dom::array entries;
  if (feed["entry"].get_array().get(entries) != simdjson::SUCCESS) return out;  // empty feed
  for (simdjson::dom::element e : entries) {
    RolieEntry r;
    r.id = Str(e, "id");
    r.updated = Str(e, "updated");
    simdjson::dom::element content;
    if (e["content"].get(content) == simdjson::SUCCESS) r.url = Str(content, "src");
    simdjson::dom::array links;
    if (e["link"].get_array().get(links) == simdjson::SUCCESS) {
      for (simdjson::dom::element l : links) {
        const std::string rel = Str(l, "rel"), href = Str(l, "href");
        if (rel == "self" && r.url.empty()) r.url = href;
        if (rel == "hash" && href.size() > 7 && href.ends_with(".sha512")) r.hash = href;
      }
    }
    if (r.url.rfind("https://", 0) != 0 && r.url.rfind("http://", 0) != 0) continue;
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<std::string> ProviderRolieFeeds(std::string_view json) {
  std::vector<std::string> out;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(json.data(), json.size()).get(doc) != simdjson::SUCCESS) return out;
  simdjson::dom::array distributions;
  if (doc["distributions"].get_array().get(distributions) != simdjson::SUCCESS) return out;
  for (simdjson::dom::element d : distributions) {
    simdjson::dom::array feeds;
    if (d["rolie"]["feeds"].get_array().get(feeds) != simdjson::SUCCESS) continue;
    for (simdjson::dom::element f : feeds) {
      std::string url = Str(f, "url");
      if (url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0) out.push_back(url);
    }
  }
  return out;
}

Status RolieSource::Collect(SourceContext& ctx, const DeliveryHandler& handle) {
  const std::string& start = ctx.feed.source.location;
  auto first = FetchText(ctx, RequestFor(ctx, start), nullptr);
  if (!first) return Fail(first.error());
  std::vector<std::string> feeds = ProviderRolieFeeds(*first);
  std::vector<RolieEntry> entries;
  auto add = [&](std::string_view json, const std::string& url) -> Status {
    auto parsed = ParseRolieFeed(json);
    if (!parsed)
      return Fail(Error::InvalidInput(fmt::format("{}: {}", RedactUrl(url), parsed.error().message())));
    entries.insert(entries.end(), parsed->begin(), parsed->end());
    return Ok();
  };
  if (feeds.empty()) {
    BELFRY_RETURN_IF_ERROR(add(*first, start));
  } else {
    for (const auto& f : feeds) {
      auto text = FetchText(ctx, RequestFor(ctx, f), nullptr);
      if (!text) return Fail(text.error());
      BELFRY_RETURN_IF_ERROR(add(*text, f));
    }
  }
  // Oldest first, so that a revision is imported after the version it replaces.
  std::stable_sort(entries.begin(), entries.end(),
                   [](const RolieEntry& a, const RolieEntry& b) { return a.updated < b.updated; });
  size_t fetched = 0;
  for (const auto& e : entries) {
    if (ctx.stopping()) break;
    const std::string source_id = e.url + "#" + e.updated;
    auto seen = ctx.ledger.SeenSource(ctx.feed.name, source_id);
    if (!seen) return Fail(seen.error());
    if (*seen) continue;
    Delivery d;
    d.label = RedactUrl(e.url);
    d.source_id = source_id;
    auto body = FetchText(ctx, RequestFor(ctx, e.url), nullptr);
    if (!body) {
      if (!IsTransient(body.error())) {
        d.error = body.error().message();
        handle(d);
        continue;
      }
      return Fail(body.error());
    }
    if (!e.hash.empty()) {
      auto hash = FetchText(ctx, RequestFor(ctx, e.hash), nullptr);
      if (!hash) return Fail(hash.error());
      std::string want = AsciiLowerCopy(hash->substr(0, hash->find_first_of(" \t\r\n")));
      if (want != Sha512Hex(*body)) {
        d.error = fmt::format("{}: its SHA-512 does not match {}", RedactUrl(e.url), RedactUrl(e.hash));
        handle(d);
        continue;
      }
    }
    auto go_on = DeliverDocument(ctx, handle, d, NameOf(e.url), *body);
    if (!go_on) return Fail(go_on.error());
    if (!*go_on) break;
    ++fetched;
  }
  spdlog::info("feed {}: {} ROLIE entries, {} new document(s)", ctx.feed.name, entries.size(),
               fetched);
  return Ok();
}

SourceKind RolieSource::Kind() {
  return SourceKind::Prefixed<RolieSource>("rolie", {"rolie:"}, false,
                                           "rolie:https://…/provider-metadata.json (or a ROLIE feed)",
                                           "every 1h");
}

}  // namespace belfry
