#pragma once
// A MISP instance kept in sync ([share.misp], docs/SHARING.md): each incident tagged for it
// is pushed as one MISP event - the export of its evidence for the configured recipient, the
// TLP policy applied - created with POST /events/add, then updated with POST
// /events/edit/<uuid> whenever what it would push changes. The event's UUID is the
// incident's (the same in every export), so a push that is repeated, or whose answer was
// lost, edits rather than duplicates. Failed pushes are retried with back-off; a refusal no
// retry can fix is kept with its reason (`belfry share status`). HTTP is injected: the app
// gives libcurl, the tests a loopback MISP.

#include <cstdint>
#include <functional>
#include <string>

#include "core/result.h"
#include "share/misp_push_store.h"
#include "share/share_config.h"
#include "share/share_export.h"
#include "store/event_store.h"
#include "ticket/ticket_store.h"

namespace belfry {

struct MispReply {
  long status = 0;
  std::string body;
};
// POST `body` (JSON) to `path` of the instance ("/events/add"); the caller adds the key.
using MispPost = std::function<Result<MispReply>(const std::string& path, const std::string& body)>;

struct MispSyncStats {
  uint64_t queued = 0;    // incidents whose push became due
  uint64_t created = 0;   // events added
  uint64_t edited = 0;    // events updated
  uint64_t deferred = 0;  // failed for now: retried later
  uint64_t failed = 0;    // refused for good, or nothing the recipient may have
};

class MispSync {
 public:
  MispSync(const MispSyncConfig& config, EventStore* events, TicketStore* tickets,
           MispPushStore* pushes, SharingTeam team, MispPost post);

  // Every active incident tagged for the sync (or only `ticket`) whose push would differ
  // from the last one becomes due.
  Result<uint64_t> QueueChanged(int64_t now, int64_t ticket = 0);
  // Sends the pushes due at `now`.
  Result<MispSyncStats> PushDue(int64_t now, size_t limit = 100);
  // Both, as `belfry run` does on each tick.
  Result<MispSyncStats> Run(int64_t now);

 private:
  Result<std::string> Fingerprint(const Ticket& t);
  Status PushOne(MispPush* p, int64_t now, MispSyncStats* stats);

  const MispSyncConfig& config_;
  EventStore* events_;
  TicketStore* tickets_;
  MispPushStore* pushes_;
  SharingTeam team_;
  MispPost post_;
};

// The wait before attempt `attempts` + 1: 1 min, doubling, at most 6 h.
int64_t MispRetryDelay(int64_t attempts);

}  // namespace belfry
