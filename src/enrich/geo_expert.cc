#include "enrich/geo_expert.h"

#include <fmt/format.h>
#include <maxminddb.h>
#include <sys/stat.h>

#include <cstring>

#include "core/text.h"
#include "model/ip_address.h"

namespace belfry {

std::string_view MmdbKindName(MmdbKind k) {
  switch (k) {
    case MmdbKind::kAsn:
      return "asn";
    case MmdbKind::kCountry:
      return "country";
    case MmdbKind::kCity:
      return "city";
  }
  return "?";
}

class MmdbDatabase {
 public:
  static Result<std::unique_ptr<MmdbDatabase>> Open(const std::string& path) {
    auto db = std::unique_ptr<MmdbDatabase>(new MmdbDatabase(path));
    BELFRY_RETURN_IF_ERROR(db->Load());
    return db;
  }
  ~MmdbDatabase() { Close(); }

  const std::string& path() const { return path_; }
  MmdbKind kind() const { return kind_; }

  bool Changed() const {
    struct stat st {};
    if (stat(path_.c_str(), &st) != 0) return false;  // vanished: keep what we have
    return st.st_mtim.tv_sec != mtime_.tv_sec || st.st_mtim.tv_nsec != mtime_.tv_nsec ||
           st.st_size != size_;
  }

  Status Load() {
    struct stat st {};
    if (stat(path_.c_str(), &st) != 0) {
      return Fail(
          Error::NotFound(fmt::format("MaxMind database {}: {}", path_, std::strerror(errno))));
    }
    MMDB_s fresh{};
    const int rc = MMDB_open(path_.c_str(), MMDB_MODE_MMAP, &fresh);
    if (rc != MMDB_SUCCESS) {
      return Fail(
          Error::InvalidConfig(fmt::format("MaxMind database {}: {}", path_, MMDB_strerror(rc))));
    }
    const std::string type = fresh.metadata.database_type ? fresh.metadata.database_type : "";
    MmdbKind kind;
    if (type.find("ASN") != std::string::npos) {
      kind = MmdbKind::kAsn;
    } else if (type.find("City") != std::string::npos) {
      kind = MmdbKind::kCity;
    } else if (type.find("Country") != std::string::npos) {
      kind = MmdbKind::kCountry;
    } else {
      MMDB_close(&fresh);
      return Fail(Error::InvalidConfig(fmt::format(
          "MaxMind database {}: database_type '{}' is not an ASN, Country or City database", path_,
          type)));
    }
    Close();
    db_ = fresh;
    open_ = true;
    kind_ = kind;
    mtime_ = st.st_mtim;
    size_ = st.st_size;
    return Ok();
  }

  // Looks `ip` up and fills the side's fields (ids in `f`) that are not set yet.
  struct SideFields {
    FieldId asn, as_name, cc, city, latitude, longitude;
  };
  void Enrich(const IpAddress& ip, const SideFields& f, Event* e) const {
    // Nothing this database could add: no lookup.
    switch (kind_) {
      case MmdbKind::kAsn:
        if (e->Has(f.asn)) return;
        break;
      case MmdbKind::kCountry:
        if (e->Has(f.cc)) return;
        break;
      case MmdbKind::kCity:
        if (e->Has(f.cc) && e->Has(f.city) && e->Has(f.latitude) && e->Has(f.longitude)) return;
        break;
    }
    int err = 0;
    MMDB_lookup_result_s r;
    if (ip.is_v4()) {
      sockaddr_in sa{};
      sa.sin_family = AF_INET;
      std::memcpy(&sa.sin_addr, ip.bytes().data() + 12, 4);
      r = MMDB_lookup_sockaddr(&db_, reinterpret_cast<const sockaddr*>(&sa), &err);
    } else {
      sockaddr_in6 sa{};
      sa.sin6_family = AF_INET6;
      std::memcpy(&sa.sin6_addr, ip.bytes().data(), 16);
      r = MMDB_lookup_sockaddr(&db_, reinterpret_cast<const sockaddr*>(&sa), &err);
    }
    if (err != MMDB_SUCCESS || !r.found_entry) return;
    MMDB_entry_data_s d;
    auto text = [&](FieldId id, auto... path) {
      if (e->Has(id)) return;
      if (MMDB_get_value(&r.entry, &d, path..., nullptr) != MMDB_SUCCESS || !d.has_data) return;
      if (d.type != MMDB_DATA_TYPE_UTF8_STRING) return;
      (void)e->Add(id, std::string_view(d.utf8_string, d.data_size));
    };
    auto number = [&](FieldId id, auto... path) {
      if (e->Has(id)) return;
      if (MMDB_get_value(&r.entry, &d, path..., nullptr) != MMDB_SUCCESS || !d.has_data) return;
      std::string v;
      if (d.type == MMDB_DATA_TYPE_UINT32) {
        v = std::to_string(d.uint32);
      } else if (d.type == MMDB_DATA_TYPE_DOUBLE) {
        v = FormatDouble(d.double_value);
      } else {
        return;
      }
      (void)e->Add(id, v);
    };
    switch (kind_) {
      case MmdbKind::kAsn:
        if (e->Has(f.asn)) break;  // an AS name for another AS would be wrong
        number(f.asn, "autonomous_system_number");
        text(f.as_name, "autonomous_system_organization");
        break;
      case MmdbKind::kCity:
        if (auto cc = e->Get(f.cc)) {  // a city in another country than the feed says: no
          if (MMDB_get_value(&r.entry, &d, "country", "iso_code", nullptr) != MMDB_SUCCESS ||
              !d.has_data || std::string_view(d.utf8_string, d.data_size) != *cc) {
            break;
          }
        }
        text(f.city, "city", "names", "en");
        number(f.latitude, "location", "latitude");
        number(f.longitude, "location", "longitude");
        [[fallthrough]];
      case MmdbKind::kCountry:
        text(f.cc, "country", "iso_code");
        text(f.cc, "registered_country", "iso_code");
        break;
    }
  }

 private:
  explicit MmdbDatabase(std::string path) : path_(std::move(path)) {}
  void Close() {
    if (open_) MMDB_close(&db_);
    open_ = false;
  }

  std::string path_;
  MMDB_s db_{};
  bool open_ = false;
  MmdbKind kind_ = MmdbKind::kCountry;
  timespec mtime_{};
  off_t size_ = 0;
};

GeoExpert::GeoExpert() = default;
GeoExpert::~GeoExpert() = default;
GeoExpert::GeoExpert(GeoExpert&&) noexcept = default;
GeoExpert& GeoExpert::operator=(GeoExpert&&) noexcept = default;

Result<GeoExpert> GeoExpert::Open(const std::vector<std::string>& paths) {
  GeoExpert g;
  for (const auto& p : paths) {
    auto db = MmdbDatabase::Open(p);
    if (!db) return Fail(db.error());
    g.dbs_.push_back(std::move(*db));
  }
  return g;
}

void GeoExpert::Enrich(Event* event) const {
  using F = MmdbDatabase::SideFields;
  static constexpr F kSource{fields::kSourceAsn,
                             fields::kSourceAsName,
                             fields::kSourceGeolocationCc,
                             fields::kSourceGeolocationCity,
                             fields::kSourceGeolocationLatitude,
                             fields::kSourceGeolocationLongitude};
  static constexpr F kDestination{fields::kDestinationAsn,
                                  fields::kDestinationAsName,
                                  fields::kDestinationGeolocationCc,
                                  fields::kDestinationGeolocationCity,
                                  fields::kDestinationGeolocationLatitude,
                                  fields::kDestinationGeolocationLongitude};
  for (auto [ip_field, side] :
       {std::pair{fields::kSourceIp, &kSource}, std::pair{fields::kDestinationIp, &kDestination}}) {
    auto text = event->Get(ip_field);
    if (!text) continue;
    auto ip = IpAddress::Parse(*text);
    if (!ip) continue;
    for (const auto& db : dbs_) db->Enrich(*ip, *side, event);
  }
}

Status GeoExpert::ReloadIfChanged() {
  for (auto& db : dbs_) {
    if (db->Changed()) BELFRY_RETURN_IF_ERROR(db->Load());
  }
  return Ok();
}

std::vector<std::pair<std::string, MmdbKind>> GeoExpert::Describe() const {
  std::vector<std::pair<std::string, MmdbKind>> out;
  for (const auto& db : dbs_) out.emplace_back(db->path(), db->kind());
  return out;
}

}  // namespace belfry
