#pragma once
// The web server as a service: the HTTP server with the public self-check, the API and the
// console, for `belfry serve` and inside `belfry run`. It keeps database connections of its
// own (one set for the requests, one for rebuilding the self-check's and the dashboard's
// indexes in the background), so it never shares a connection with the caller's loops.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "app/cli_common.h"
#include "app/config.h"
#include "core/metrics.h"

namespace belfry {

class WebService {
 public:
  // Binds `listen` ("" = [web] listen) and starts serving. `metrics`: the caller's (belfry
  // run's feeds, notifications), served on /metrics with the web server's own; null = its own.
  static Result<std::unique_ptr<WebService>> Start(const Config& config, const Common& common,
                                                   const std::string& listen,
                                                   Metrics* metrics = nullptr);
  ~WebService();  // stops the server and the index builder

  uint16_t port() const;
  const std::string& address() const;
  size_t check_addresses() const;

 private:
  struct Impl;
  explicit WebService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Inside `belfry run`: the web server when [web] enabled, else none; a server that cannot
// start (the port is taken) is logged and the run goes on without it.
std::unique_ptr<WebService> StartWebInRun(const Config& config, const Common& common,
                                          Metrics* metrics);

}  // namespace belfry
