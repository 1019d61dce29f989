#pragma once
// `belfry user add|list|disable|enable|password|token|revoke|audit`: accounts of the web
// console and the API (docs/WEB.md).

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "app/cli_common.h"

namespace belfry {

class Services;

struct UserCli {
  CLI::App *add = nullptr, *list = nullptr, *disable = nullptr, *enable = nullptr,
           *password = nullptr, *token = nullptr, *revoke = nullptr, *audit = nullptr;
  std::string name, role = "analyst", organisation;
  bool password_stdin = false;
  size_t limit = 50;
};

void AddUserCommands(CLI::App* app, Common* common, UserCli* cli);
std::optional<int> RunUserCommand(const UserCli& cli, Services& services);

}  // namespace belfry
