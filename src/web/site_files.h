#pragma once
// The published site (advisories, feeds, the CSAF provider: publish/site_writer.h) served
// from disk, read per request so that a publication by another process shows at once. Only
// plain names below the folder are reachable: no "..", no hidden files but .well-known.

#include <string>

#include "web/web_request.h"

namespace belfry {

// `rel`: the path below `root` ("advisories/BELFRY-2026-0001.html"); a trailing "/" or ""
// serves that folder's index.html. 404 for anything else.
WebResponse ServeSiteFile(const std::string& root, const std::string& rel,
                          const WebRequest& request);
// Whether `rel` is a path ServeSiteFile would consider (the same rules, no disk access).
bool SafeSitePath(const std::string& rel);

}  // namespace belfry
