#include "app/web_commands.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "app/services.h"
#include "app/stop_signals.h"
#include "model/event_json.h"
#include "web/http_server.h"
#include "web/self_check.h"

namespace belfry {

namespace {

// The self-check's index: every stored event of the configured classifications seen in the
// last check_days, by source address. Read through the store's search (its indexes).
Result<std::shared_ptr<const CheckIndex>> BuildCheckIndex(Services& s) {
  auto events = s.event_reader();
  if (!events) return Fail(events.error());
  const WebConfig& cfg = s.config().web;
  auto index = std::make_shared<CheckIndex>();
  const int64_t since = s.clock().NowMicros() - cfg.check_days * 86400 * 1000000;
  for (const auto& type : cfg.check_classifications) {
    EventQuery q;
    q.type = type;
    q.since_micros = since;
    q.limit = 50'000'000;
    auto found = (*events)->Search(q);
    if (!found) return Fail(found.error());
    for (const auto& f : *found) {
      auto e = ParseEventJson(f.body);
      if (!e) continue;
      auto ip = e->Get(fields::kSourceIp);
      if (!ip) continue;
      auto addr = IpAddress::Parse(*ip);
      if (!addr) continue;
      CheckFinding finding;
      finding.classification = type;
      if (auto m = e->Get(fields::kMalwareName)) finding.malware = std::string(*m);
      if (auto t = e->Get(fields::kTimeSource)) {
        if (auto us = ParseDateTimeMicros(*t)) finding.last_seen = *us / 1000000;
      }
      index->Add(*addr, std::move(finding));
    }
  }
  return std::shared_ptr<const CheckIndex>(std::move(index));
}

int Serve(const WebCli& cli, Services& s) {
  const WebConfig& cfg = s.config().web;
  auto listen = ParseListen(cli.listen.empty() ? cfg.listen : cli.listen);
  if (!listen) return Report(listen.error());
  if (auto st = s.RequireDatabase(); !st) return Report(st.error());
  SelfCheck check(&s.metrics(), cfg.check_days);
  auto index = BuildCheckIndex(s);
  if (!index) return Report(index.error());
  check.SetIndex(*index);
  Router router;
  router.Add("GET", "/healthz", [](const WebRequest&) {
    WebResponse r;
    r.body = "ok\n";
    return r;
  });
  router.Add("GET", "/metrics", [&s](const WebRequest&) {
    WebResponse r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = s.metrics().RenderPrometheus();
    return r;
  });
  router.Add("GET", "/check", [&check](const WebRequest& r) { return check.Html(r); });
  router.Add("GET", "/check.json", [&check](const WebRequest& r) { return check.Json(r); });
  HttpServerOptions options;
  options.address = listen->first;
  options.port = listen->second;
  options.threads = static_cast<int>(cfg.threads);
  options.trusted_proxies = cfg.trusted_proxies;
  HttpServer server(options, std::move(router), &s.metrics());
  auto port = server.Start();
  if (!port) return Report(port.error());
  // Tests and scripts read the bound port from this line (--listen 127.0.0.1:0).
  fmt::print("serve: listening on http://{}:{} ({} addresses in the self-check)\n",
             listen->first.find(':') == std::string::npos ? listen->first : "[" + listen->first + "]",
             *port, (*index)->size());
  std::fflush(stdout);
  HandleStopSignals(&s.stop());
  int64_t next_refresh = s.clock().NowSeconds() + cfg.check_refresh;
  while (!s.stop().stop_requested()) {
    s.clock().SleepFor(200'000);
    if (s.clock().NowSeconds() < next_refresh) continue;
    next_refresh = s.clock().NowSeconds() + cfg.check_refresh;
    auto fresh = BuildCheckIndex(s);
    if (fresh) {
      check.SetIndex(*fresh);
    } else {
      spdlog::warn("serve: the self-check index was not rebuilt: {}", fresh.error().message());
    }
  }
  server.Stop();
  spdlog::info("serve: stopped");
  return kExitOk;
}

}  // namespace

void AddWebCommands(CLI::App* app, Common* common, WebCli* cli) {
  cli->serve = app->add_subcommand("serve", "the HTTP server: /check, /healthz, /metrics");
  cli->serve->add_option("--listen", cli->listen, "ADDRESS:PORT (default [web] listen, 127.0.0.1:8080)");
  cli->serve->add_option("--db", common->db, "SQLite database file");
}

std::optional<int> RunWebCommand(const WebCli& cli, Services& services) {
  if (cli.serve && cli.serve->parsed()) return Serve(cli, services);
  return std::nullopt;
}

}  // namespace belfry
