#pragma once
// `belfry report annual --year Y [--out DIR] [--no-pdf]`: the year's figures as HTML with SVG
// charts, a PDF printed by headless Chromium, and a CSV file per table (docs/PUBLISHING.md).

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "app/cli_common.h"

namespace belfry {

class Services;

struct ReportCli {
  CLI::App* annual = nullptr;
  int year = 0;
  std::string out;
  bool no_pdf = false;
  std::string chromium = "chromium";
};

void AddReportCommands(CLI::App* app, Common* common, ReportCli* cli);
std::optional<int> RunReportCommand(const ReportCli& cli, Services& services);

}  // namespace belfry
