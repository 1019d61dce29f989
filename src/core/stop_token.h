#pragma once
// The shutdown token of a process: signal handlers (SIGTERM, SIGINT, SIGHUP) set it, long
// loops (the feed scheduler, later the notifier and the HTTP server) read it. One per
// process, owned by the service root and handed to whoever runs a loop.

#include <atomic>

namespace belfry {

class StopToken {
 public:
  void RequestStop() { stop_.store(true); }
  bool stop_requested() const { return stop_.load(); }
  void RequestReload() { reload_.store(true); }
  bool reload_requested() const { return reload_.load(); }
  // True once per reload request.
  bool TakeReload() { return reload_.exchange(false); }
  // For code that takes a plain flag (the collector checks it between deliveries).
  const std::atomic<bool>* stop_flag() const { return &stop_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<bool> reload_{false};
};

}  // namespace belfry
