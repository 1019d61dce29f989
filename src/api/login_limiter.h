#pragma once
// Login rate limiting: after `attempts` failures within `window` seconds from one address
// or for one account name, logins from that address (or for that name) are refused until
// the window has passed. Counts only failures; a success clears the address's and the name's
// count. Thread-safe; memory bounded (the oldest entries go first).

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace belfry {

class LoginLimiter {
 public:
  LoginLimiter(int64_t attempts, int64_t window) : attempts_(attempts), window_(window) {}
  // Seconds until a login from `address` for `name` may be tried again; 0 = now.
  int64_t RetryAfter(const std::string& address, const std::string& name, int64_t now);
  void Failed(const std::string& address, const std::string& name, int64_t now);
  void Succeeded(const std::string& address, const std::string& name);

 private:
  int64_t Wait(const std::string& key, int64_t now);  // with mu_ held

  const int64_t attempts_, window_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<int64_t>> failures_;  // key -> failure times
};

}  // namespace belfry
