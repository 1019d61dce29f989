#pragma once
// The PostgreSQL database (docs/SCALING.md):
//   belfry db migrate --url postgresql://…   apply the schema's migrations (idempotent)
//   belfry db status --url postgresql://…    its schema version against this build's

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "app/cli_common.h"

namespace belfry {

class Services;

struct DbCli {
  CLI::App* migrate = nullptr;
  CLI::App* status = nullptr;
  std::string url;
  int64_t wait = 10;
};

void AddDbCommands(CLI::App* app, DbCli* cli);
std::optional<int> RunDbCommand(const DbCli& cli, Services& services);

}  // namespace belfry
