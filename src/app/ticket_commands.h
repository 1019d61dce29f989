#pragma once
// `belfry ticket new|list|show|set|link|unlink|merge|unmerge|comment|reply|resolve|
// investigate|observable`, `belfry stats`, `belfry mail-gateway`, `belfry outbox
// list|send|retry`: the incident tracker and its mail (docs/TRACKER.md).

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/cli_common.h"

namespace belfry {

class Services;

struct TicketCli {
  CLI::App *create = nullptr, *list = nullptr, *show = nullptr, *set = nullptr, *link = nullptr,
           *unlink = nullptr, *merge = nullptr, *unmerge = nullptr, *comment = nullptr,
           *reply = nullptr, *resolve = nullptr, *investigate = nullptr, *observable = nullptr;
  CLI::App *stats = nullptr, *gateway = nullptr, *link_events = nullptr;
  std::string ev_ip, ev_cidr, ev_feed, ev_type, ev_since;
  std::string list_ip;  // ticket list --ip ADDRESS|CIDR
  CLI::App *outbox_list = nullptr, *outbox_send = nullptr, *outbox_retry = nullptr;

  std::string queue = "reports", list_queue = "all", subject, text, text_file, classification, tlp, organisation,
              owner, status, due, maildir, state, nis2_aware, recipient;
  std::vector<std::string> requestors, tags, to, files;
  int severity = 0;
  bool national = false, nis2 = false, overdue = false, mine = false, dry_run = false,
       keep_children = false, ask = false, all = false, no_send = false;
  std::vector<int64_t> ids;
  int64_t before = 0;
  int64_t incident = 0;  // ticket new --incident ID
  int64_t one_id = 0;    // ticket observable add|remove ID VALUE
  size_t limit = 50;
  std::string field, value, action, reason;
  int year = 0;
};

void AddTicketCommands(CLI::App* app, Common* common, TicketCli* cli);
std::optional<int> RunTicketCommand(const TicketCli& cli, Services& services);

}  // namespace belfry
