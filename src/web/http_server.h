#pragma once
// The HTTP/1.1 server (Boost.Beast over Asio): asynchronous, keep-alive, bounded header and
// body sizes, idle timeouts, a few threads. Requests become WebRequests (web_request.h) and
// go to the Router's handler for their method and path; handlers must be thread-safe.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/metrics.h"
#include "core/result.h"
#include "model/ip_address.h"
#include "web/router.h"
#include "web/web_request.h"

namespace belfry {

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port (tests)
  int threads = 2;
  uint32_t header_limit = 16 * 1024;
  uint64_t body_limit = 1024 * 1024;
  int idle_seconds = 30;
  // PEM files: with both, the server speaks HTTPS only (TLS 1.2 and 1.3).
  std::string tls_cert_file, tls_key_file;
  std::vector<IpNetwork> trusted_proxies;
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, Router router, Metrics* metrics = nullptr);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving; returns the bound port.
  Result<uint16_t> Start();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "127.0.0.1:8080", "[::1]:8080", ":8080" -> address and port.
Result<std::pair<std::string, uint16_t>> ParseListen(std::string_view text);

}  // namespace belfry
