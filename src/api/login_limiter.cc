#include "api/login_limiter.h"

namespace belfry {

namespace {
constexpr size_t kMaxKeys = 100000;
}

int64_t LoginLimiter::Wait(const std::string& key, int64_t now) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  auto& times = it->second;
  while (!times.empty() && times.front() <= now - window_) times.pop_front();
  if (times.empty()) {
    failures_.erase(it);
    return 0;
  }
  if (static_cast<int64_t>(times.size()) < attempts_) return 0;
  return times.front() + window_ - now;
}

int64_t LoginLimiter::RetryAfter(const std::string& address, const std::string& name,
                                 int64_t now) {
  std::lock_guard lock(mu_);
  return std::max(Wait("a:" + address, now), Wait("n:" + name, now));
}

void LoginLimiter::Failed(const std::string& address, const std::string& name, int64_t now) {
  std::lock_guard lock(mu_);
  if (failures_.size() >= kMaxKeys) failures_.clear();  // a flood: forget, stay bounded
  for (const auto& key : {"a:" + address, "n:" + name}) {
    auto& times = failures_[key];
    times.push_back(now);
    while (static_cast<int64_t>(times.size()) > attempts_) times.pop_front();
  }
}

void LoginLimiter::Succeeded(const std::string& address, const std::string& name) {
  std::lock_guard lock(mu_);
  failures_.erase("a:" + address);
  failures_.erase("n:" + name);
}

}  // namespace belfry
