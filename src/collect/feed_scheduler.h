#pragma once
// `belfry run`'s loop: runs each feed when its schedule says it is due, one after the other
// (one SQLite writer), then sleeps until the next is due. The clock and the stop token are
// injected, so tests drive it with a FakeClock. Stops between deliveries, never inside one.

#include <functional>
#include <vector>

#include "collect/collector.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "core/stop_token.h"

namespace belfry {

class FeedScheduler {
 public:
  using OnRun = std::function<void(const FeedConfig& feed, const FeedRunResult& result)>;

  FeedScheduler(Collector& collector, ReportLedger& ledger, const Clock& clock,
                const StopToken& stop, Metrics* metrics)
      : collector_(collector), ledger_(ledger), clock_(clock), stop_(stop), metrics_(metrics) {}

  // Runs every feed that is due now; returns when the next one is due (seconds, at most
  // `max_wait` from now).
  int64_t RunDue(const std::vector<const FeedConfig*>& feeds, const OnRun& on_run,
                 int64_t max_wait = 60);
  // RunDue, then sleep, until a stop or a reload is requested.
  void Run(const std::vector<const FeedConfig*>& feeds, const OnRun& on_run);
  // Other periodic work of `belfry run` (the outbox), every `interval_seconds` between
  // feed runs.
  void SetTick(std::function<void()> tick, int64_t interval_seconds) {
    tick_ = std::move(tick);
    tick_interval_ = interval_seconds;
  }
  // Publishes each feed's state (up, failures, last success, last events) to `metrics`.
  void UpdateMetrics(const std::vector<const FeedConfig*>& feeds);

 private:
  Collector& collector_;
  ReportLedger& ledger_;
  const Clock& clock_;
  const StopToken& stop_;
  Metrics* metrics_;
  std::function<void()> tick_;
  int64_t tick_interval_ = 60;
  int64_t next_tick_ = 0;
};

// The feeds a collector can run: with a source, enabled.
std::vector<const FeedConfig*> CollectableFeeds(const std::vector<FeedConfig>& feeds);

}  // namespace belfry
