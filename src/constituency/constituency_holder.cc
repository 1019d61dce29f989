#include "constituency/constituency_holder.h"

#include <exception>

namespace belfry {

Result<bool> ConstituencyHolder::Refresh() {
  auto version = store_->Version();
  if (!version) return Fail(version.error());
  if (loaded_ && *version == current_.load()->version()) return false;
  auto index = ConstituencyIndex::Build(store_, config_);
  if (!index) return Fail(index.error());
  current_.store(std::move(*index));
  loaded_ = true;
  return true;
}

void ConstituencyHolder::StartWatching(std::chrono::milliseconds interval,
                                       std::function<void(const Error&)> on_error) {
  StopWatching();
  stop_ = false;
  watcher_ = std::thread([this, interval, on_error = std::move(on_error)] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!cv_.wait_for(lock, interval, [this] { return stop_; })) {
      lock.unlock();
      // The thread's top: a rebuild that throws (out of memory) is reported like a failed
      // one and the previous index stays; the process goes on.
      try {
        if (auto r = Refresh(); !r && on_error) on_error(r.error());
      } catch (const std::exception& e) {
        if (on_error) on_error(Error::Internal(std::string("constituency rebuild: ") + e.what()));
      } catch (...) {
        if (on_error) on_error(Error::Internal("constituency rebuild failed"));
      }
      lock.lock();
    }
  });
}

void ConstituencyHolder::StopWatching() {
  if (!watcher_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  watcher_.join();
}

}  // namespace belfry
