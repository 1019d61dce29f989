#pragma once
// `belfry events search` and `belfry events sql`: the verbs that only read the event store
// (opened read-only, so they work on a full disk and a read-only copy).

#include <string>

#include "app/cli_common.h"
#include "store/event_store.h"

namespace belfry {

class Services;

int RunEventsSearch(Services& services, const EventQuery& query, const std::string& ip,
                    const std::string& cidr, const std::string& since, const std::string& until,
                    bool json);
int RunEventsSql(Services& services, const std::string& sql, bool json);

}  // namespace belfry
