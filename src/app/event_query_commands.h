#pragma once
// `belfry events search` and `belfry events sql`: the verbs that only read the event store
// (opened read-only, so they work on a full disk and a read-only copy).

#include <CLI/CLI.hpp>
#include <string>

#include "app/cli_common.h"
#include "store/event_store.h"

namespace belfry {

class Services;

// The filters the reading verbs share (events search, export): --ip, --cidr, --since, --until
// ("7d" = the last seven days); errors name the option.
Status ApplyEventFilters(const std::string& ip, const std::string& cidr, const std::string& since,
                         const std::string& until, EventQuery* q);

// The event filters as options of a verb (events search, export).
struct EventFilterOptions {
  std::string ip, cidr, since, until;
  int64_t asn = 0;
};
void AddEventFilterOptions(CLI::App* c, EventFilterOptions* f, EventQuery* q);

int RunEventsSearch(Services& services, const EventQuery& query, const std::string& ip,
                    const std::string& cidr, const std::string& since, const std::string& until,
                    bool json);
int RunEventsSql(Services& services, const std::string& sql, bool json);

}  // namespace belfry
