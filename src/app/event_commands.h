#pragma once
// The verbs on events: parse, ingest, events search|sql, feeds list, purge.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/cli_common.h"
#include "app/event_query_commands.h"
#include "store/event_store.h"

namespace belfry {

class Services;

struct EventCli {
  CLI::App* parse = nullptr;
  CLI::App* ingest = nullptr;
  CLI::App* search = nullptr;
  CLI::App* sql = nullptr;
  CLI::App* feeds_list = nullptr;
  CLI::App* purge = nullptr;
  std::string feed, report_type, dead_letter;
  std::vector<std::string> inputs;
  EventQuery query;
  EventFilterOptions filters;  // events search
  std::string sql_text;
};

void AddEventCommands(CLI::App* app, CLI::App* feeds, Common* common, EventCli* cli);
std::optional<int> RunEventCommand(EventCli& cli, Services& services);

}  // namespace belfry
