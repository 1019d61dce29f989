#pragma once
// `belfry constituency import ripe|csv|ti`, `lookup`, `stats`.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/cli_common.h"
#include "constituency/constituency_index.h"

namespace belfry {

struct ConstituencyCli {
  CLI::App* import_ripe = nullptr;
  CLI::App* import_csv = nullptr;
  CLI::App* import_ti = nullptr;
  CLI::App* lookup = nullptr;
  CLI::App* stats = nullptr;
  CLI::App* reroute = nullptr;
  std::vector<std::string> files;
  std::string target;
};

void AddConstituencyCommands(CLI::App* app, Common* common, ConstituencyCli* cli);
// The exit code if one of these commands was given, else nullopt.
std::optional<int> RunConstituencyCommand(const ConstituencyCli& cli, const Config& config,
                                          const Common& common);

// JSON object for a lookup (keys documented in docs/CONSTITUENCY.md).
std::string LookupResultJson(const LookupResult& r);

}  // namespace belfry
