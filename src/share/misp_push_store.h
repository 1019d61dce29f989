#pragma once
// What the MISP sync has pushed: one record per incident, kept with the tracker's tables.
// A push is due when what the incident would push now (its fingerprint: the evidence, the
// labels, the title) differs from what was pushed last; it is retried with back-off until
// it lands, like the mail outbox. The MISP event's UUID is the incident's for good, so that
// a second push edits the event a first one created (idempotent).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace belfry {

struct MispPush {
  int64_t ticket = 0;
  std::string event_uuid;
  std::string state = "pending";  // pending | done | failed (a refusal no retry can fix)
  std::string wanted;             // the fingerprint to push
  std::string pushed;             // the fingerprint last pushed ("" = never)
  int64_t attempts = 0;           // failed attempts since the last success
  int64_t next_attempt = 0;
  int64_t pushed_at = 0;
  std::string remote_id;  // the event's id on the MISP instance
  std::string last_error;
};

class MispPushStore {
 public:
  virtual ~MispPushStore() = default;
  // Inserts or replaces the record of `push.ticket`.
  virtual Status SaveMispPush(const MispPush& push) = 0;
  virtual Result<std::optional<MispPush>> GetMispPush(int64_t ticket) = 0;
  // Every record, by ticket.
  virtual Result<std::vector<MispPush>> ListMispPushes() = 0;
  // Pending records whose next attempt is due at `now`, oldest first.
  virtual Result<std::vector<MispPush>> DueMispPushes(int64_t now, size_t limit) = 0;
};

}  // namespace belfry
