#pragma once
// Imports RIPE database split files (ripe.db.inetnum.gz, ...), plain or gzip, into the
// constituency store under origin "ripe". Classes used: inetnum, inet6num, aut-num, route,
// route6, organisation, role, irt; others are counted and skipped. Every class met replaces
// the previous import of that class, so objects that vanished from the source disappear;
// manual records are never touched.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "constituency/constituency_store.h"
#include "constituency/rpsl_parser.h"

namespace belfry {

inline constexpr const char* kRipeOrigin = "ripe";

struct RipeImportStats {
  uint64_t objects = 0;
  uint64_t imported = 0;
  uint64_t skipped = 0;  // classes Belfry does not use (person, mntner, domain, ...)
  uint64_t rejected = 0;
  // IANA and RIR bookkeeping blocks (the whole address space, ALLOCATED UNSPECIFIED,
  // IANA-BLK, EU-ZZ-..., the RIR's own ALLOCATED-BY-RIR blocks): never an owner, never a
  // source of inherited contacts, so not imported.
  uint64_t administrative = 0;
  uint64_t bytes = 0;
  std::map<std::string, uint64_t> per_class;  // imported objects by class
};

struct RpslObject;
struct IpRange;
// Whether an inetnum/inet6num is an IANA or RIR bookkeeping block (see RipeImportStats).
bool IsAdministrativeBlock(const RpslObject& o, const IpRange& range);

struct RipeImportError {
  std::string file;
  uint64_t line = 0;
  std::string reason;
  std::string raw;  // the object's text
};

class RipeImporter {
 public:
  using ErrorFn = std::function<void(const RipeImportError&)>;
  using ProgressFn = std::function<void(uint64_t bytes_read, uint64_t objects)>;

  RipeImporter(ConstituencyStore* store, ErrorFn on_error, ProgressFn on_progress = nullptr)
      : store_(store), on_error_(std::move(on_error)), on_progress_(std::move(on_progress)) {}

  // One transaction: either the whole import lands or nothing does.
  Result<RipeImportStats> Import(const std::vector<std::string>& files);

 private:
  Status ImportFile(const std::string& path, RipeImportStats* stats);
  // Converts and stores one object; a bad value is an InvalidInput error for that object.
  Status Object(const RpslObject& o, RipeImportStats* stats);
  Status Replacing(const std::string& cls);

  ConstituencyStore* store_;
  ErrorFn on_error_;
  ProgressFn on_progress_;
  std::vector<std::string> replaced_;  // classes whose previous import is already deleted
  NetworkRecord network_;              // reused between objects
};

}  // namespace belfry
