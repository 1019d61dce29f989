#include "api/api_site.h"

#include <sys/stat.h>

#include "api/api_guard.h"
#include "web/site_files.h"

namespace belfry {

namespace {

bool IsFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

WebResponse AdvisoryPage(ApiContext* ctx, const WebRequest& r) {
  const std::string& root = ctx->w.site_dir;
  const std::string name = r.params.count("path") ? r.params.at("path") : "";
  const std::string rel = "advisories/" + name;
  if (!SafeSitePath(rel)) return ServeSiteFile(root, rel, r);  // 404
  if (name.find('/') != std::string::npos || IsFile(root + "/" + rel) || name.empty())
    return ServeSiteFile(root, rel, r);
  // Not public: a restricted page, for a caller whose role the TLP allows.
  auto caller = Authenticate(ctx, r);
  for (Tlp tlp : {Tlp::kGreen, Tlp::kAmber, Tlp::kAmberStrict, Tlp::kRed}) {
    std::string label(TlpName(tlp));
    for (auto& c : label) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string restricted = "restricted/" + label + "/" + name;
    if (!IsFile(root + "/" + restricted)) continue;
    if (!caller || !MayReadTlp(caller->principal, tlp)) break;
    WebResponse resp = ServeSiteFile(root, restricted, r);
    for (auto& [header, value] : resp.headers)
      if (header == "Cache-Control") value = "private, no-store";  // never in a shared cache
    return resp;
  }
  return ServeSiteFile(root, "advisories/does-not-exist", r);  // 404, as for anything unknown
}

}  // namespace

void AddSiteRoutes(Router* router, ApiContext* ctx) {
  router->Add("GET", "/advisories", [](const WebRequest&) {
    WebResponse resp;
    resp.status = 301;
    resp.headers.emplace_back("Location", "/advisories/");
    return resp;
  });
  router->Add("GET", "/advisories/", [ctx](const WebRequest& r) {
    return ServeSiteFile(ctx->w.site_dir, "advisories/", r);
  });
  router->Add("GET", "/advisories/{*path}", [ctx](const WebRequest& r) { return AdvisoryPage(ctx, r); });
  for (const char* file : {"rfc2350.txt", "rfc2350.html"})
    router->Add("GET", std::string("/") + file, [ctx, file](const WebRequest& r) {
      return ServeSiteFile(ctx->w.site_dir, file, r);
    });
  router->Add("GET", "/feeds/{*path}", [ctx](const WebRequest& r) {
    return ServeSiteFile(ctx->w.site_dir, "feeds/" + r.params.at("path"), r);
  });
  router->Add("GET", "/.well-known/csaf/{*path}", [ctx](const WebRequest& r) {
    WebResponse resp = ServeSiteFile(ctx->w.site_dir, ".well-known/csaf/" + r.params.at("path"), r);
    // Aggregators and browsers' CSAF tools fetch from elsewhere.
    resp.headers.emplace_back("Access-Control-Allow-Origin", "*");
    return resp;
  });
}

}  // namespace belfry
