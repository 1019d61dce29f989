#pragma once
// The notifier's records as JSON objects, the same for `notify list|inhibitions|failing|runs
// --json` and for the API (keys in docs/NOTIFICATIONS.md).

#include <string>

#include "notify/notify_store.h"

namespace belfry {

std::string NotificationJson(const NotificationRecord& n);
std::string InhibitionJson(const Inhibition& i);
std::string FailingJson(const FailingRecipient& f);
std::string NotifyRunJson(const NotifyRunRecord& r);

}  // namespace belfry
