#pragma once
// `belfry collect`, `belfry run`, `belfry feeds status`, `belfry feeds add|recipes`.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "app/cli_common.h"

namespace belfry {

class Services;

struct CollectCli {
  CLI::App* collect = nullptr;
  CLI::App* run = nullptr;
  CLI::App* status = nullptr;
  CLI::App* add = nullptr;
  CLI::App* recipes = nullptr;
  CLI::App* reports = nullptr;
  size_t limit = 20;              // feeds reports --limit
  std::string feed;               // collect --feed; feeds add NAME
  bool check = false;             // feeds status --check
  std::string output;             // feeds add --to FILE
  std::vector<std::string> sets;  // feeds add --set key=value
  std::string as_name;            // feeds add --name
};

void AddCollectCommands(CLI::App* app, CLI::App* feeds, Common* common, CollectCli* cli);
std::optional<int> RunCollectCommand(const CollectCli& cli, const Config& config,
                                     const Common& common);

// Every collectable feed's status as {"feeds": [...]} (GET /api/v1/feeds).
Result<std::string> FeedsStatusJson(Services& services);

}  // namespace belfry
