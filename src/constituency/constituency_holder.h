#pragma once
// Holds the current ConstituencyIndex. Readers take a snapshot (a shared_ptr) per batch and
// never wait; Refresh() builds a new index off to the side and swaps it in atomically when
// the database's version changed.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "constituency/constituency_index.h"

namespace belfry {

class ConstituencyHolder {
 public:
  ConstituencyHolder(ConstituencyStore* store, ConstituencyConfig config)
      : store_(store), config_(std::move(config)), current_(ConstituencyIndex::Empty(config_)) {}
  ~ConstituencyHolder() { StopWatching(); }

  std::shared_ptr<const ConstituencyIndex> Current() const { return current_.load(); }
  // Rebuilds if the store changed since the current index was built. Returns whether it did.
  Result<bool> Refresh();

  // Calls Refresh() every `interval` on a thread of its own (which then owns the store's
  // connection) until StopWatching(); `on_error` hears failed rebuilds, which leave the
  // current index in place.
  void StartWatching(std::chrono::milliseconds interval,
                     std::function<void(const Error&)> on_error);
  void StopWatching();

 private:
  ConstituencyStore* store_;
  ConstituencyConfig config_;
  std::atomic<std::shared_ptr<const ConstituencyIndex>> current_;
  bool loaded_ = false;
  std::thread watcher_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
};

}  // namespace belfry
