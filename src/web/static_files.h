#pragma once
// The console's built files (index.html, the JavaScript bundle, styles), read into memory
// once at start: served with their content type, an ETag, 304 for a matching If-None-Match,
// and long caching for the fingerprinted bundle. Nothing outside the folder is reachable
// (the router's catch-all never holds "..", and only files found at start exist).

#include <map>
#include <string>

#include "core/result.h"
#include "web/web_request.h"

namespace belfry {

class StaticFiles {
 public:
  // Every regular file under `dir` (at most 64 MiB in all). An empty or missing folder is
  // not an error: the console then answers that it was not built.
  static Result<StaticFiles> Load(const std::string& dir);

  // The file at `path` relative to the folder ("assets/app.js"); 404 when unknown.
  WebResponse Serve(const std::string& path, const WebRequest& request) const;
  bool empty() const { return files_.empty(); }
  size_t size() const { return files_.size(); }

 private:
  struct File {
    std::string content_type, etag, body;
    bool immutable = false;
  };
  std::map<std::string, File> files_;
};

// The headers every console page carries: a strict Content-Security-Policy (no inline
// script, nothing from elsewhere), no framing, no referrer.
void AddSecurityHeaders(WebResponse* r);

}  // namespace belfry
