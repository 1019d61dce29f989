#include "app/stop_signals.h"

#include <atomic>
#include <csignal>

namespace belfry {

namespace {

// Signal handlers reach the running process's stop token through this pointer.
std::atomic<StopToken*> g_stop_token{nullptr};

void OnSignal(int) {
  if (auto* t = g_stop_token.load()) t->RequestStop();
}
void OnHangup(int) {
  if (auto* t = g_stop_token.load()) t->RequestReload();
}

}  // namespace

void HandleStopSignals(StopToken* token) {
  g_stop_token.store(token);
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);
}

void HandleHangup() { std::signal(SIGHUP, OnHangup); }

}  // namespace belfry
