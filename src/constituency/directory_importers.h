#pragma once
// Importers for the team's own data: a CSV of organisations, networks and contacts (entered
// by hand, origin "manual"), and the Trusted Introducer directory of peer CSIRTs
// (teams.json, origin "ti"). Both take bytes and report rows they reject with their line.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "constituency/constituency_store.h"

namespace belfry {

inline constexpr const char* kTiOrigin = "ti";

struct DirectoryImportError {
  uint64_t line = 0;  // CSV line; for teams.json the team's position (1-based)
  std::string reason;
  std::string raw;  // the rejected record (CSV row, the team's JSON)
};
using DirectoryErrorFn = std::function<void(const DirectoryImportError&)>;

struct DirectoryImportStats {
  uint64_t rows = 0, organisations = 0, networks = 0, contacts = 0, peers = 0, rejected = 0;
};

// CSV with a header row; columns (any order, all optional but `organisation`):
//   organisation, name, country, sector, entity_class, tags, networks, asns, domains,
//   email, role, language, format, pgp_fingerprint, contact_network
// One row per organisation or per contact: networks/asns/domains hold space-separated lists;
// rows repeating an organisation add to it. Manual records win over imported ones and survive
// re-imports of RIPE data; importing the CSV again updates them in place.
Result<DirectoryImportStats> ImportConstituencyCsv(ConstituencyStore* store, std::string_view csv,
                                                   const DirectoryErrorFn& on_error);

// Trusted Introducer teams.json: replaces all previously imported peers. Country-level
// responsibility is given to teams whose constituency type is "National".
Result<DirectoryImportStats> ImportTrustedIntroducer(ConstituencyStore* store,
                                                     std::string_view json,
                                                     const DirectoryErrorFn& on_error);

// The NIS2 sectors (Annex I and II) and Belfry's additions, as accepted in `sector`.
bool IsKnownSector(std::string_view sector);
std::string_view KnownSectors();

}  // namespace belfry
