#pragma once
// Vulnerability management (docs/PUBLISHING.md):
//   belfry products import FILE.csv | list [--organisation H] | learn [--since 30d]
//   belfry advisory match ID [--notify]
//   belfry csaf import FILE|DIR... [--dry-run]
// and the match that follows every publication of our own advisories.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/cli_common.h"
#include "pipeline/ingest_pipeline.h"
#include "publish/advisory.h"

namespace belfry {

class Services;

struct VulnCli {
  CLI::App *import = nullptr, *list = nullptr, *learn = nullptr, *match = nullptr,
           *csaf_import = nullptr;
  std::string file, organisation, since = "30d", id;
  std::vector<std::string> paths;
  bool notify = false, dry_run = false;
};

void AddVulnCommands(CLI::App* app, Common* common, VulnCli* cli);
std::optional<int> RunVulnCommand(const VulnCli& cli, Services& services);

// The constituents running what a just-published advisory names are told (once each).
// Returns a one-line summary ("2 organisations told"), or an error.
Result<std::string> MatchPublishedAdvisory(Services& services, const Advisory& a);
// A vendor's CSAF document collected by a feed (`parser = "csaf"`, e.g. a ROLIE source):
// checked, kept in the catalogue, matched and told, its mails delivered. A document that
// fails the checks is a failed file (kept by the collector with the reason).
Result<IngestSummary> ImportCollectedCsaf(Services& services, const std::string& path,
                                          const std::string& name);
// After a publication or revision: the match, its mails delivered (or queued); logged, and a
// failure here never undoes the publication.
void OnAdvisoryPublished(Services& services, const Advisory& a);

}  // namespace belfry
