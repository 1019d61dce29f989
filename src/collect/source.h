#pragma once
// A collector's source: where a feed's reports come from (an HTTP URL, Shadowserver's API, a
// mailbox, a folder). A source hands over deliveries (a download, a mail, a file) holding
// spooled reports and settles each one at the source by the collector's verdict: a mail
// goes to the done or failed folder, a file to done/ or failed/, and what is kept stays for
// the next run. Sources never decide about ingesting; the collector does.

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "collect/feed_config.h"
#include "collect/report_ledger.h"
#include "collect/spool.h"
#include "core/clock.h"

namespace belfry {

struct CollectedReport {
  std::string source_id;  // stable at the source: URL, API report id, Message-ID/attachment
  SpooledFile file;
};

struct Delivery {
  std::string label;  // for people: the URL, "mail <id> 'subject'", the file's path
  std::vector<CollectedReport> reports;
  std::string error;      // it could not be turned into reports (damaged archive, no attachment)
  std::string source_id;  // recorded with an error ("" = the label)
};

enum class Outcome {
  kDone,    // every report was ingested (or already had been)
  kFailed,  // something in it cannot be ingested; `reason` says what
  kKeep,    // not settled (shutting down, store unavailable): offer it again next run
};

struct Verdict {
  Outcome outcome = Outcome::kDone;
  std::string reason;
};

struct SourceContext {
  const FeedConfig& feed;
  Spool& spool;
  FeedState& state;  // sources keep their cursor here (ETag, Last-Modified)
  ReportLedger& ledger;
  const Clock& clock;
  const std::atomic<bool>* stop = nullptr;  // set: settle the current delivery and return
  std::string user_agent = "belfry";
  bool stopping() const { return stop && stop->load(); }
};

using DeliveryHandler = std::function<Verdict(Delivery&)>;

class Source {
 public:
  virtual ~Source() = default;
  // Fetches what is new and hands each delivery to `handle`. Errors are failures of the
  // source itself (server down, bad credentials, unreadable folder).
  virtual Status Collect(SourceContext& ctx, const DeliveryHandler& handle) = 0;
};

// Reads "$NAME" as the environment variable NAME; anything else is the value itself. The
// error names the configuration key, never the value.
Result<std::string> ResolveSecret(const std::string& value, const std::string& key,
                                  const std::string& fallback_env);

}  // namespace belfry
