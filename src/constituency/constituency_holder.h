#pragma once
// Holds the current ConstituencyIndex. Readers take a snapshot (a shared_ptr) per batch and
// never wait; Refresh() builds a new index off to the side and swaps it in atomically when
// the database's version changed.

#include <atomic>
#include <memory>

#include "constituency/constituency_index.h"

namespace belfry {

class ConstituencyHolder {
 public:
  ConstituencyHolder(ConstituencyStore* store, ConstituencyConfig config)
      : store_(store), config_(std::move(config)), current_(ConstituencyIndex::Empty(config_)) {}

  std::shared_ptr<const ConstituencyIndex> Current() const { return current_.load(); }
  // Rebuilds if the store changed since the current index was built. Returns whether it did.
  Result<bool> Refresh();

 private:
  ConstituencyStore* store_;
  ConstituencyConfig config_;
  std::atomic<std::shared_ptr<const ConstituencyIndex>> current_;
  bool loaded_ = false;
};

}  // namespace belfry
