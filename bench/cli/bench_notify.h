#pragma once
// The notification benchmark (docs/PERFORMANCE.md):
//   belfry bench notify --events N --contacts M   N events of a Shadowserver report spread
//     over M organisations' networks, each with its own contact: `belfry notify run` builds
//     and signs one mail per contact and hands each to a real SMTP server on loopback
//     (STARTTLS, AUTH), with an ed25519 and an RSA-3072 team key; beside a Python script
//     that does the same with one gpg process per mail and smtplib.

#include <cstdint>
#include <string>
#include <vector>

#include "app/cli_common.h"

namespace belfry {

struct BenchNotifyOptions {
  uint64_t events = 100000;
  uint64_t contacts = 5000;
  std::vector<std::string> keys = {"ed25519", "rsa3072"};
  int runs = 3;
  bool baseline = true;
  int64_t sign_workers = 0;  // [notify] sign_workers (0 = one per core)
  std::string dir;
  std::string server_script = "tests/servers/smtp_server.js";
  std::string baseline_script = "scripts/bench/notify_baseline.py";
  bool json = false;
};

int RunBenchNotify(const BenchNotifyOptions& o);

}  // namespace belfry
