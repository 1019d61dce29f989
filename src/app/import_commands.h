#pragma once
// Peers' intelligence in (docs/SHARING.md):
//   belfry import misp|stix FILE|URL [--feed NAME] [--tlp LABEL] [--ticket ID | --no-ticket]
// The document goes through the intake like any report (the `misp` and `stix` parsers,
// enrichment, routing, the store); its events are then linked to an incident report opened
// for it (or to --ticket), under the strictest TLP the document carried.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "app/cli_common.h"

namespace belfry {

class Services;

struct ImportCli {
  CLI::App* cmd = nullptr;
  std::string format, source, feed, tlp, subject;
  int64_t ticket = 0;
  bool no_ticket = false;
};

void AddImportCommands(CLI::App* app, Common* common, ImportCli* cli);
std::optional<int> RunImportCommand(const ImportCli& cli, Services& services);

}  // namespace belfry
