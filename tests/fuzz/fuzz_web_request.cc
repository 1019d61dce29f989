// Fuzz target: what the web server parses that is ours: request targets and queries,
// Accept-Language, X-Forwarded-For behind a trusted proxy, and the router's dispatch.
#include <cstdint>
#include <string>

#include "web/http_server.h"
#include "web/web_request.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto t = belfry::ParseTarget(text.substr(0, 8192));
  (void)belfry::AcceptedLanguages(text.substr(0, 1024));
  static const std::vector<belfry::IpNetwork> proxies = {*belfry::IpNetwork::Parse("127.0.0.0/8")};
  (void)belfry::ClientAddress(*belfry::IpAddress::Parse("127.0.0.1"), text.substr(0, 2048), proxies);
  (void)belfry::ParseListen(text.substr(0, 64));
  static const belfry::Router router = [] {
    belfry::Router r;
    r.Add("GET", "/check", [](const belfry::WebRequest&) { return belfry::WebResponse{}; });
    return r;
  }();
  if (t) {
    belfry::WebRequest req;
    req.method = "GET";
    req.path = t->path;
    req.query = t->query;
    auto res = router.Dispatch(req);
    if (res.status < 100 || res.status > 599) __builtin_trap();
  }
  return 0;
}
