// Fuzz target: what the web server parses that is ours: request targets and queries,
// Accept-Language, X-Forwarded-For behind a trusted proxy, cookies, the router's dispatch
// with path parameters and the catch-all, API cursors and integers, and JSON bodies.
#include <cstdint>
#include <string>

#include "api/api_query.h"
#include "api/json_body.h"
#include "web/http_server.h"
#include "web/web_request.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto t = belfry::ParseTarget(text.substr(0, 8192));
  (void)belfry::AcceptedLanguages(text.substr(0, 1024));
  static const std::vector<belfry::IpNetwork> proxies = {*belfry::IpNetwork::Parse("127.0.0.0/8")};
  (void)belfry::ClientAddress(*belfry::IpAddress::Parse("127.0.0.1"), text.substr(0, 2048), proxies);
  (void)belfry::ParseListen(text.substr(0, 64));
  (void)belfry::ParseEventCursor(text.substr(0, 128));
  (void)belfry::QueryInt(text.substr(0, 32), "n", 1, 1000, 5);
  if (auto body = belfry::JsonBody::Parse(text, {"subject", "text", "events", "severity"})) {
    (void)(*body)->Str("subject");
    (void)(*body)->Text("text");
    (void)(*body)->IntList("events");
    (void)(*body)->Int("severity");
  }
  static const belfry::Router router = [] {
    belfry::Router r;
    auto ok = [](const belfry::WebRequest& q) {
      belfry::WebResponse res;
      for (const auto& [k, v] : q.params)
        if (v.empty() || (k != "path" && v.find('/') != std::string::npos) ||
            v == ".." || v.find("/../") != std::string::npos)
          __builtin_trap();  // a parameter that escapes its segment
      return res;
    };
    r.Add("GET", "/check", ok);
    r.Add("GET", "/api/v1/tickets/{id}", ok);
    r.Add("POST", "/api/v1/tickets/{id}/comments", ok);
    r.Add("DELETE", "/api/v1/organisations/{handle}/contacts/{email}", ok);
    r.Add("GET", "/assets/{*path}", ok);
    return r;
  }();
  if (t) {
    belfry::WebRequest req;
    req.method = size % 2 ? "GET" : "POST";
    req.path = t->path;
    req.query = t->query;
    req.headers["cookie"] = std::string(text.substr(0, 4096));
    (void)req.Cookie("belfry_session");
    auto res = router.Dispatch(req);
    if (res.status < 100 || res.status > 599) __builtin_trap();
  }
  return 0;
}
