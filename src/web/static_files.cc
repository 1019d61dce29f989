#include "web/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/digest.h"

namespace belfry {

namespace {

std::string ContentType(const std::string& name) {
  auto ends = [&](const char* ext) {
    const std::string e(ext);
    return name.size() >= e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  if (ends(".map")) return "application/json";
  if (ends(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

}  // namespace

Result<StaticFiles> StaticFiles::Load(const std::string& dir) {
  namespace fs = std::filesystem;
  StaticFiles out;
  std::error_code ec;
  if (dir.empty() || !fs::is_directory(dir, ec)) return out;
  uint64_t total = 0;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream data;
    data << in.rdbuf();
    File f;
    f.body = data.str();
    total += f.body.size();
    if (total > (64u << 20)) return Fail(Error::InvalidConfig(dir + ": more than 64 MiB of console files"));
    const std::string rel = fs::relative(it->path(), dir, ec).generic_string();
    f.content_type = ContentType(rel);
    f.etag = "\"" + Sha256Hex(f.body).substr(0, 32) + "\"";
    // esbuild's fingerprinted names (app-3XQ2F7.js) never change content.
    f.immutable = rel.rfind("assets/", 0) == 0 && rel.find('-') != std::string::npos;
    out.files_[rel] = std::move(f);
  }
  if (ec) return Fail(Error::Io(dir + ": " + ec.message()));
  return out;
}

WebResponse StaticFiles::Serve(const std::string& path, const WebRequest& request) const {
  auto it = files_.find(path);
  if (it == files_.end()) return JsonError(404, "not_found", "no such file");
  const File& f = it->second;
  WebResponse r;
  r.headers.emplace_back("ETag", f.etag);
  r.headers.emplace_back("Cache-Control", f.immutable ? "public, max-age=31536000, immutable"
                                                      : "no-cache");
  if (request.Header("if-none-match") == f.etag) {
    r.status = 304;
    r.content_type = f.content_type;
    return r;
  }
  r.content_type = f.content_type;
  r.body = f.body;
  if (f.content_type.rfind("text/html", 0) == 0) AddSecurityHeaders(&r);
  return r;
}

void AddSecurityHeaders(WebResponse* r) {
  r->headers.emplace_back("Content-Security-Policy",
                          "default-src 'self'; script-src 'self'; style-src 'self'; "
                          "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
                          "base-uri 'none'; form-action 'self'");
  r->headers.emplace_back("X-Frame-Options", "DENY");
  r->headers.emplace_back("Referrer-Policy", "no-referrer");
}

}  // namespace belfry
