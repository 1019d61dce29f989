#include "web/site_files.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "web/static_files.h"

namespace belfry {

namespace {

std::string ContentType(const std::string& path) {
  auto ends = [&](const char* ext) {
    const std::string e(ext);
    return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".atom")) return "application/atom+xml; charset=utf-8";
  if (ends(".json")) return "application/json";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".csv")) return "text/csv; charset=utf-8";
  if (ends(".asc")) return "application/pgp-signature";
  return "text/plain; charset=utf-8";  // .txt, .sha512
}

WebResponse NotFound() {
  WebResponse r;
  r.status = 404;
  r.body = "not found\n";
  return r;
}

}  // namespace

bool SafeSitePath(const std::string& rel) {
  if (rel.size() > 512) return false;
  size_t start = 0;
  while (start < rel.size()) {
    size_t end = rel.find('/', start);
    if (end == std::string::npos) end = rel.size();
    const std::string seg = rel.substr(start, end - start);
    if (seg.empty() && end != rel.size()) return false;  // "//"
    if (!seg.empty() && seg[0] == '.' && !(start == 0 && seg == ".well-known")) return false;
    for (char c : seg)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ||
            c == '+'))
        return false;
    start = end + 1;
  }
  return true;
}

WebResponse ServeSiteFile(const std::string& root, const std::string& rel,
                          const WebRequest& request) {
  if (!SafeSitePath(rel)) return NotFound();
  std::string path = root + "/" + rel;
  if (rel.empty() || rel.back() == '/') path += "index.html";
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (64 << 20))
    return NotFound();
  WebResponse r;
  r.content_type = ContentType(path);
  const std::string etag = fmt::format("\"{:x}-{:x}-{:x}\"", static_cast<uint64_t>(st.st_size),
                                       static_cast<uint64_t>(st.st_mtim.tv_sec),
                                       static_cast<uint64_t>(st.st_mtim.tv_nsec));
  r.headers.emplace_back("ETag", etag);
  r.headers.emplace_back("Cache-Control", "public, max-age=300");
  AddSecurityHeaders(&r);
  if (request.Header("if-none-match") == etag) {
    r.status = 304;
    return r;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound();
  std::stringstream ss;
  ss << in.rdbuf();
  r.body = ss.str();
  return r;
}

}  // namespace belfry
