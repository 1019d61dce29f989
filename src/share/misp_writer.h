#pragma once
// A MISP event (MISP core format, as MISP 2.4 exchanges it) written while the events are
// read, so that a million events cost the memory of one: `{"Event": {...header...,
// "Attribute": [` then each event's attributes, then the tags and the closing brackets.
// Attributes take their types and categories from MISP's describeTypes (sane defaults):
// source.ip ip-src, destination.ip ip-dst, source.url url, source.fqdn hostname,
// malware.hash.* md5/sha1/sha256, source.asn AS; each carries the event's classification,
// feed and time as its comment, and its own event's TLP and RSIT class as tags. The event's
// tags: the strictest TLP of what it holds (MISP's tlp taxonomy) and each RSIT class
// (`rsit:<taxonomy>="<type>"`).

#include <cstdint>
#include <cstdio>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/event.h"
#include "model/tlp.h"

namespace belfry {

struct MispEventHeader {
  std::string uuid;   // the MISP event's (deterministic for a ticket: pushes update it)
  std::string info;   // its title
  std::string date;   // YYYY-MM-DD
  int64_t timestamp = 0;
  std::string org_name, org_uuid;  // our team, as MISP's Orgc
  int distribution = 0;  // MISP: 0 your organisation only, 1 this community, ...
  int64_t sharing_group = 0;  // with distribution 4
  int threat_level = 2;  // 1 high, 2 medium, 3 low, 4 undefined
  // MISP objects where MISP has them: an address with its port as `ip-port`, the hashes of
  // one file as `file`, a URL as `url` (MISP's templates; their attributes then stand only
  // in the object). Off: flat attributes, as MISP 2.4's strict event schema describes.
  bool objects = false;
};

class MispEventWriter {
 public:
  using Sink = std::function<void(std::string_view)>;
  MispEventWriter(MispEventHeader header, Sink sink);
  ~MispEventWriter();
  MispEventWriter(const MispEventWriter&) = delete;
  MispEventWriter& operator=(const MispEventWriter&) = delete;

  // False when the objects' temporary file cannot be made.
  bool Begin();
  // One stored event's attributes; `id` names it (stable attribute UUIDs); `tlp` is the
  // label it goes out under.
  void Add(const Event& e, int64_t id, Tlp tlp);
  void Finish();

  uint64_t attributes() const { return attributes_; }
  uint64_t objects() const { return objects_; }
  Tlp tlp() const { return tlp_; }

 private:
  // One attribute's JSON appended to `out`; `relation` for an object's attribute.
  void AppendAttribute(std::string_view type, std::string_view value, std::string_view relation,
                       const std::string& comment, const std::string& tags, int64_t id,
                       bool to_ids, std::string* out) const;
  void Attribute(std::string_view type, std::string_view value, const std::string& comment,
                 const std::string& tags, int64_t id, bool to_ids);
  // The event's objects, spooled; `used` gets the fields they hold.
  void AddObjects(const Event& e, int64_t id, const std::string& comment,
                  const std::string& tags, std::vector<FieldId>* used);

  MispEventHeader h_;
  Sink sink_;
  std::string buf_;
  uint64_t attributes_ = 0, objects_ = 0;
  FILE* object_spool_ = nullptr;  // objects follow the attributes: kept aside until Finish
  Tlp tlp_ = Tlp::kClear;
  std::set<std::string> rsit_;
};

// A name-based UUID (RFC 9562 version 8: SHA-256 of the name, version and variant set):
// the same name gives the same UUID in every export.
std::string NameUuid(std::string_view name);
// The MISP tlp taxonomy's tag of a TLP ("tlp:amber+strict").
std::string MispTlpTag(Tlp tlp);

}  // namespace belfry
