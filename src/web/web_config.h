#pragma once
// [web]: the HTTP server of `belfry serve` and the public self-check page. docs/CONFIGURATION.md
// lists every key.

#include <cstdint>
#include <string>
#include <vector>

#include "core/config_reader.h"
#include "model/ip_address.h"

namespace belfry {

struct WebConfig {
  std::string listen = "127.0.0.1:8080";
  int64_t threads = 2;
  std::vector<IpNetwork> trusted_proxies;  // X-Forwarded-For is believed only from these
  // The classifications /check answers about, and how far back it looks.
  std::vector<std::string> check_classifications = {"infected-system", "system-compromise"};
  int64_t check_days = 7;
  int64_t check_refresh = 60;  // seconds between rebuilds of the check's index
};

namespace config_internal {
Status ReadWebSection(const Ctx& ctx, const toml::table& t, WebConfig* out);
}  // namespace config_internal

}  // namespace belfry
