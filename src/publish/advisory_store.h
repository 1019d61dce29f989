#pragma once
// The team's publications (publish/advisory.h). Backend: SQLite, in the tracker's database
// (store/backends/sqlite/sqlite_advisory_store.cc).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "publish/advisory.h"

namespace belfry {

class AdvisoryStore {
 public:
  virtual ~AdvisoryStore() = default;
  // Stores a new advisory (its id is assigned; tracking_id may be set afterwards).
  virtual Result<int64_t> AddAdvisory(const Advisory& a) = 0;
  // Every field but id and created; the revisions are replaced by a's.
  virtual Status UpdateAdvisory(const Advisory& a) = 0;
  virtual Result<std::optional<Advisory>> GetAdvisory(int64_t id) = 0;
  virtual Result<std::optional<Advisory>> FindAdvisory(const std::string& tracking_id) = 0;
  virtual Result<std::vector<Advisory>> ListAdvisories(const AdvisoryFilter& f) = 0;
};

}  // namespace belfry
