#include "app/web_commands.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "app/services.h"
#include "app/stop_signals.h"
#include "app/web_service.h"

namespace belfry {

namespace {

int Serve(const WebCli& cli, Services& s) {
  auto web = WebService::Start(s.config(), s.common(), cli.listen);
  if (!web) return Report(web.error());
  const std::string& host = (*web)->address();
  // Tests and scripts read the bound port from this line (--listen 127.0.0.1:0).
  fmt::print("serve: listening on {}://{}:{} ({} addresses in the self-check)\n",
             s.config().web.tls_cert.empty() ? "http" : "https", host.find(':') == std::string::npos ? host : "[" + host + "]", (*web)->port(),
             (*web)->check_addresses());
  std::fflush(stdout);
  HandleStopSignals(&s.stop());
  while (!s.stop().stop_requested()) s.clock().SleepFor(200'000);
  web->reset();
  spdlog::info("serve: stopped");
  return kExitOk;
}

}  // namespace

void AddWebCommands(CLI::App* app, Common* common, WebCli* cli) {
  cli->serve = app->add_subcommand(
      "serve", "the HTTP server: the console, the API, the public /check, /healthz, /metrics");
  cli->serve->add_option("--listen", cli->listen, "ADDRESS:PORT (default [web] listen, 127.0.0.1:8080)");
  cli->serve->add_option("--db", common->db, "SQLite database file");
}

std::optional<int> RunWebCommand(const WebCli& cli, Services& services) {
  if (cli.serve && cli.serve->parsed()) return Serve(cli, services);
  return std::nullopt;
}

}  // namespace belfry
