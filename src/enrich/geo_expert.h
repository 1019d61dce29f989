#pragma once
// ASN and geolocation from MaxMind-format databases (GeoLite2/GeoIP2 ASN, Country, City, or
// compatible files such as DB-IP's), read with libmaxminddb. The kind of each database comes
// from its metadata (database_type). Values a feed already gave are kept. A database file
// that changes on disk (an update replaced it) is reopened at the next batch.

#include <cstdint>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/event.h"

namespace belfry {

enum class MmdbKind { kAsn, kCountry, kCity };

class MmdbDatabase;

class GeoExpert {
 public:
  ~GeoExpert();
  GeoExpert();
  GeoExpert(GeoExpert&&) noexcept;
  GeoExpert& operator=(GeoExpert&&) noexcept;

  // Opens every file; an unreadable file or one of an unknown kind is an error naming it.
  static Result<GeoExpert> Open(const std::vector<std::string>& paths);

  bool empty() const { return dbs_.empty(); }
  // Fills source.* and destination.* (asn, as_name, geolocation.cc/city/latitude/longitude)
  // from the side's ip, without overwriting.
  void Enrich(Event* event) const;
  // Reopens databases whose file changed; errors leave the previous copy in use.
  Status ReloadIfChanged();
  std::vector<std::pair<std::string, MmdbKind>> Describe() const;

 private:
  std::vector<std::unique_ptr<MmdbDatabase>> dbs_;
};

std::string_view MmdbKindName(MmdbKind k);

}  // namespace belfry
