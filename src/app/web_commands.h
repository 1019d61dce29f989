#pragma once
// `belfry serve [--listen ADDR:PORT]`: the HTTP server (src/web/): /healthz, /metrics and the
// public self-check /check, /check.json, until SIGTERM or Ctrl-C.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "app/cli_common.h"

namespace belfry {

class Services;

struct WebCli {
  CLI::App* serve = nullptr;
  std::string listen;
};

void AddWebCommands(CLI::App* app, Common* common, WebCli* cli);
std::optional<int> RunWebCommand(const WebCli& cli, Services& services);

}  // namespace belfry
