#include "collect/feed_scheduler.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace belfry {

std::vector<const FeedConfig*> CollectableFeeds(const std::vector<FeedConfig>& feeds) {
  std::vector<const FeedConfig*> out;
  for (const auto& f : feeds)
    if (!f.source.kind.empty() && f.enabled) out.push_back(&f);
  return out;
}

int64_t FeedScheduler::RunDue(const std::vector<const FeedConfig*>& feeds, const OnRun& on_run,
                              int64_t max_wait) {
  int64_t now = clock_.NowSeconds();
  int64_t wake = now + max_wait;
  for (const FeedConfig* f : feeds) {
    if (stop_.stop_requested() || stop_.reload_requested()) break;
    auto next = collector_.NextRun(*f);
    if (!next) {
      spdlog::error("run: {}", next.error().message());
      continue;
    }
    if (*next <= now) {
      FeedRunResult r = collector_.RunFeed(*f, stop_.stop_flag());
      if (on_run) on_run(*f, r);
      now = clock_.NowSeconds();
      // Another process has the feed: look again shortly rather than at its schedule.
      next = r.busy ? now + 10 : r.next_run;
      if (!r.busy) UpdateMetrics(feeds);
    }
    wake = std::min(wake, *next);
  }
  return wake;
}

void FeedScheduler::Run(const std::vector<const FeedConfig*>& feeds, const OnRun& on_run) {
  while (!stop_.stop_requested() && !stop_.reload_requested()) {
    const int64_t wake = RunDue(feeds, on_run);
    while (!stop_.stop_requested() && !stop_.reload_requested() && clock_.NowSeconds() < wake) {
      if (tick_ && clock_.NowSeconds() >= next_tick_) {
        tick_();
        next_tick_ = clock_.NowSeconds() + tick_interval_;
      }
      clock_.SleepFor(200'000);
    }
  }
}

void FeedScheduler::UpdateMetrics(const std::vector<const FeedConfig*>& feeds) {
  if (!metrics_) return;
  metrics_->Describe("belfry_feed_up", "gauge", "1 if the feed's last collection succeeded.");
  metrics_->Describe("belfry_feed_consecutive_failures", "gauge", "Collections failed in a row.");
  metrics_->Describe("belfry_feed_last_success_timestamp_seconds", "gauge",
                     "End of the last good collection.");
  metrics_->Describe("belfry_feed_last_run_events", "gauge",
                     "Events stored by the last collection.");
  for (const FeedConfig* f : feeds) {
    auto st = ledger_.State(f->name);
    if (!st || st->last_run == 0) continue;
    const std::string label = Metrics::Label("feed", f->name);
    metrics_->Set("belfry_feed_up", label, st->failures == 0 ? 1 : 0);
    metrics_->Set("belfry_feed_consecutive_failures", label, static_cast<double>(st->failures));
    metrics_->Set("belfry_feed_last_success_timestamp_seconds", label,
                  static_cast<double>(st->last_success));
    metrics_->Set("belfry_feed_last_run_events", label, static_cast<double>(st->last_events));
  }
}

}  // namespace belfry
