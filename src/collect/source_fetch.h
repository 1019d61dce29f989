#pragma once
// Small documents of HTTP sources (a ROLIE feed, a MISP feed's manifest, a checksum): the
// feed's request settings, fetched into memory with the feed's retries and size cap.

#include <string>

#include "collect/http_client.h"
#include "collect/source.h"
#include "core/result.h"

namespace belfry {

// A GET of `url` with the feed's headers, timeout and TLS settings.
HttpRequest RequestFor(const SourceContext& ctx, const std::string& url);
// The body of a 200 (or 304) response, at most the feed's max_size, retried as the feed says.
Result<std::string> FetchText(const SourceContext& ctx, HttpRequest req, HttpResponse* response);
// Spools `body` as the report `name` of delivery `d` (its source_id already set) and hands
// the delivery over; false when the collector wants the rest kept for the next run.
Result<bool> DeliverDocument(SourceContext& ctx, const DeliveryHandler& handle, Delivery& d,
                             const std::string& name, std::string_view body);
// The last path segment of a URL (its file name).
std::string NameOf(const std::string& url);

}  // namespace belfry
