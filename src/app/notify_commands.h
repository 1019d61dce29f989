#pragma once
// `belfry notify run|inhibit|uninhibit|inhibitions|failing|list|runs`: automatic
// notifications of the stored events to whoever must act (docs/NOTIFICATIONS.md).

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "app/cli_common.h"

namespace belfry {

class Services;

struct NotifyCli {
  CLI::App *run = nullptr, *inhibit = nullptr, *uninhibit = nullptr, *inhibitions = nullptr,
           *failing = nullptr, *list = nullptr, *runs = nullptr;
  bool dry_run = false, all = false, no_send = false;
  std::string since, organisation, classification, identifier, network, until, reason, clear;
  int64_t id = 0;
  size_t limit = 50;
};

void AddNotifyCommands(CLI::App* app, Common* common, NotifyCli* cli);
std::optional<int> RunNotifyCommand(const NotifyCli& cli, Services& services);
// One run inside `belfry run` (logged, never fatal).
void NotifyOnSchedule(Services& services);

}  // namespace belfry
