#pragma once
// Sharing with peer teams (docs/SHARING.md):
//   belfry export misp|stix|iodef|xarf [--ticket ID | --ip --cidr --asn --type --feed --since --until]
//   belfry share push [--ticket ID]   belfry share status [--json]   ([share.misp])
//                           [--for RECIPIENT] [--info TEXT] [--out FILE]
// Every event goes through the TLP policy (share/tlp_policy.h) for the recipient named by
// --for (default: community); what may not go is left out and counted on stderr.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "app/cli_common.h"
#include "app/event_query_commands.h"
#include "store/event_store.h"

namespace belfry {

class Services;

struct ShareCli {
  CLI::App* export_cmd = nullptr;
  CLI::App* share_cmd = nullptr;
  CLI::App* push_cmd = nullptr;
  CLI::App* status_cmd = nullptr;
  std::string format, recipient = "community", out, info;
  int64_t ticket = 0;
  bool objects = false;
  EventFilterOptions filters;
  EventQuery query;
};

void AddShareCommands(CLI::App* app, Common* common, ShareCli* cli);
std::optional<int> RunShareCommand(const ShareCli& cli, Services& services);
// One pass of the MISP sync ([share.misp]), for `belfry run`'s tick: changes queued, due
// pushes sent. Does nothing when no instance is configured; failures are logged.
void SyncMisp(Services& services);

}  // namespace belfry
