#pragma once
// Another attempt after a transient failure (timeout, connection refused, 5xx), with
// exponential back-off from the feed's retry_delay; a shutdown cuts the wait short.

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "collect/http_client.h"
#include "collect/source.h"

namespace belfry {

inline void SleepUnlessStopped(int64_t seconds, const std::atomic<bool>* stop) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (stop && stop->load()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

template <class Fn>
auto WithRetries(const SourceContext& ctx, Fn fn) -> decltype(fn()) {
  const SourceConfig& s = ctx.feed.source;
  int64_t delay = s.retry_delay_seconds;
  for (int64_t attempt = 0;; ++attempt) {
    auto r = fn();
    if (r || !IsTransient(r.error()) || attempt >= s.retries || ctx.stopping()) return r;
    spdlog::warn("feed {}: {}; attempt {} of {} in {} s", ctx.feed.name, r.error().message(),
                 attempt + 2, s.retries + 1, delay);
    SleepUnlessStopped(delay, ctx.stop);
    delay = std::min<int64_t>(std::max<int64_t>(delay, 1) * 2, 300);
  }
}

}  // namespace belfry
