#pragma once
// `belfry advisory new|edit|submit|review|publish|revise|withdraw|list|show|export|site`:
// the team's publications (docs/PUBLISHING.md).

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/cli_common.h"

namespace belfry {

class Services;

struct AdvisoryCli {
  CLI::App *create = nullptr, *edit = nullptr, *submit = nullptr, *review = nullptr,
           *publish = nullptr, *revise = nullptr, *withdraw = nullptr, *list = nullptr,
           *show = nullptr, *exporter = nullptr, *site = nullptr, *check = nullptr,
           *due = nullptr, *rfc2350 = nullptr;
  bool html = false;
  std::vector<std::string> files;
  std::string id, file, actor, at, summary, reason, comment, format = "csaf";
  std::string status, audience, lang;
  int64_t translation_of = 0;
  bool approve = false, reject = false;
};

void AddAdvisoryCommands(CLI::App* app, Common* common, AdvisoryCli* cli);
std::optional<int> RunAdvisoryCommand(const AdvisoryCli& cli, Services& services);
// Publishes the scheduled advisories whose time has come (`belfry run`, every tick); logs.
void PublishScheduledAdvisories(Services& services);

}  // namespace belfry
