#pragma once
// [web]: the HTTP server of `belfry serve` and the public self-check page. docs/CONFIGURATION.md
// lists every key.

#include <cstdint>
#include <string>
#include <vector>

#include "core/config_reader.h"
#include "model/ip_address.h"

namespace belfry {

// A campaign or takedown marked on the dashboard's infection chart (a before/after).
struct WebAnnotation {
  std::string date;  // YYYY-MM-DD
  std::string text;
};

struct WebConfig {
  bool enabled = true;  // inside `belfry run` (`belfry serve` always serves)
  std::string listen = "127.0.0.1:8080";
  int64_t threads = 2;
  std::vector<IpNetwork> trusted_proxies;  // X-Forwarded-For is believed only from these
  // The classifications /check answers about, and how far back it looks.
  std::vector<std::string> check_classifications = {"infected-system", "system-compromise"};
  int64_t check_days = 7;
  int64_t check_refresh = 60;  // seconds between rebuilds of the check's index
  // The console and the API.
  std::string assets_dir;              // the built console; "" = web/ beside the executable
  int64_t session_idle = 8 * 3600;     // seconds a console session lasts without use
  bool secure_cookies = false;         // Secure cookies also without TLS (behind a proxy)
  std::string tls_cert, tls_key;       // PEM files: HTTPS (cookies then always Secure)
  int64_t login_attempts = 5;          // failed logins per address or name ...
  int64_t login_window = 15 * 60;      // ... within this many seconds, then 429 until it ends
  int64_t dashboard_days = 90;         // how far back the dashboard's charts go
  std::vector<WebAnnotation> annotations;
  // The constituent portal's limits: contacts an organisation may add itself (0: none), and
  // the longest inhibition it may set itself (0: none).
  int64_t portal_max_contacts = 5;
  int64_t portal_inhibit_days = 30;
};

namespace config_internal {
Status ReadWebSection(const Ctx& ctx, const toml::table& t, WebConfig* out);
}  // namespace config_internal

}  // namespace belfry
