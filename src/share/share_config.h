#pragma once
// [share.misp]: a MISP instance kept in sync (docs/SHARING.md). Incidents tagged `push_tag`
// are pushed as MISP events (the export of their evidence, TLP applied for `for`); the
// instance's events are pulled by a feed whose source is `misp-api:URL`.

#include <cstdint>
#include <string>

#include "core/config_reader.h"

namespace belfry {

struct MispSyncConfig {
  std::string url;              // https://misp.example.org ("" = no sync)
  std::string key;              // the API key (Authorization header); never logged
  std::string key_file;         // or read it from this file
  int distribution = 1;         // MISP: 0 organisation, 1 community, 2 connected, 3 all, 4 group
  int64_t sharing_group = 0;    // with distribution 4
  std::string recipient = "community";  // the TLP policy's recipient for what is pushed
  std::string push_tag = "share:misp";  // the ticket tag that marks an incident for pushing
  bool verify_tls = true;
  std::string ca_file;
  int64_t timeout = 60;
  bool enabled() const { return !url.empty(); }
};

struct ShareConfig {
  MispSyncConfig misp;
};

namespace config_internal {
Status ReadShareSection(const Ctx& ctx, const toml::table& t, ShareConfig* out);
}  // namespace config_internal

}  // namespace belfry
