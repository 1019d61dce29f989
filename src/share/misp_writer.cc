#include "share/misp_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "core/date_time.h"
#include "core/digest.h"
#include "core/text.h"
#include "model/field_registry.h"

namespace belfry {

namespace {

struct FieldAttribute {
  FieldId field;
  const char* type;
  const char* category;  // describeTypes' default_category
  bool to_ids;           // describeTypes' to_ids default
};

// describeTypes.json (MISP) sane defaults of the types written; the unit test checks them
// against the copy in tests/data/standards/misp.
constexpr FieldAttribute kAttributes[] = {
    {fields::kSourceIp, "ip-src", "Network activity", true},
    {fields::kDestinationIp, "ip-dst", "Network activity", true},
    {fields::kSourceUrl, "url", "Network activity", true},
    {fields::kSourceFqdn, "hostname", "Network activity", true},
    {fields::kMalwareHashMd5, "md5", "Payload delivery", true},
    {fields::kMalwareHashSha1, "sha1", "Payload delivery", true},
    {fields::kMalwareHashSha256, "sha256", "Payload delivery", true},
    {fields::kSourceAsn, "AS", "Network activity", false},
};

const char* CategoryOf(std::string_view type) {
  for (const auto& a : kAttributes)
    if (type == a.type) return a.category;
  return "Other";
}

void Str(std::string_view key, std::string_view value, std::string* out) {
  AppendJsonString(key, out);
  out->append(": ");
  AppendJsonString(value, out);
}

}  // namespace

std::string NameUuid(std::string_view name) {
  std::string h = Sha256Hex(name).substr(0, 32);
  h[12] = '8';  // version 8
  const char variant[] = "89ab";
  h[16] = variant[std::stoi(h.substr(16, 1), nullptr, 16) & 3];
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20, 12);
}

std::string MispTlpTag(Tlp tlp) {
  std::string out = "tlp:";
  out += AsciiLowerCopy(TlpName(tlp));
  return out;
}

MispEventWriter::MispEventWriter(MispEventHeader header, Sink sink)
    : h_(std::move(header)), sink_(std::move(sink)) {}

MispEventWriter::~MispEventWriter() {
  if (object_spool_) std::fclose(object_spool_);
}

bool MispEventWriter::Begin() {
  if (h_.objects && !(object_spool_ = std::tmpfile())) return false;
  std::string& o = buf_;
  o = "{\"Event\": {";
  Str("uuid", h_.uuid, &o);
  o += ", ";
  Str("info", h_.info, &o);
  o += ", ";
  Str("date", h_.date, &o);
  if (h_.distribution == 4) o += fmt::format(", \"sharing_group_id\": \"{}\"", h_.sharing_group);
  o += fmt::format(", \"timestamp\": \"{}\", \"published\": false, \"publish_timestamp\": \"0\", "
                   "\"distribution\": \"{}\", \"threat_level_id\": \"{}\", \"analysis\": \"2\", "
                   "\"Orgc\": {{",
                   h_.timestamp, h_.distribution, h_.threat_level);
  Str("name", h_.org_name, &o);
  o += ", ";
  Str("uuid", h_.org_uuid, &o);
  o += "}, \"Attribute\": [";
  sink_(o);
  o.clear();
  return true;
}

void MispEventWriter::AppendAttribute(std::string_view type, std::string_view value,
                                      std::string_view relation, const std::string& comment,
                                      const std::string& tags, int64_t id, bool to_ids,
                                      std::string* out) const {
  std::string& o = *out;
  o += "{";
  Str("uuid", NameUuid(fmt::format("belfry-event:{}:{}:{}", id, type, value)), &o);
  if (!relation.empty()) {
    o += ", ";
    Str("object_relation", relation, &o);
  }
  o += ", ";
  Str("type", type, &o);
  o += ", ";
  Str("category", CategoryOf(type), &o);
  o += ", ";
  Str("value", value, &o);
  o += fmt::format(", \"to_ids\": {}, \"distribution\": \"5\", \"timestamp\": \"{}\", "
                   "\"deleted\": false, ",
                   to_ids ? "true" : "false", h_.timestamp);
  // The time seen goes in the comment: MISP 2.4's strict schema has no first_seen.
  Str("comment", comment, &o);
  o += tags;
  o += "}";
}

void MispEventWriter::Attribute(std::string_view type, std::string_view value,
                                const std::string& comment, const std::string& tags, int64_t id,
                                bool to_ids) {
  std::string& o = buf_;
  o.clear();
  if (attributes_ > 0) o += ", ";
  AppendAttribute(type, value, "", comment, tags, id, to_ids, &o);
  ++attributes_;
  sink_(o);
}

void MispEventWriter::Add(const Event& e, int64_t id, Tlp tlp) {
  if (static_cast<int>(tlp) > static_cast<int>(tlp_)) tlp_ = tlp;
  const std::string taxonomy(e.Get(fields::kClassificationTaxonomy).value_or(""));
  const std::string type(e.Get(fields::kClassificationType).value_or(""));
  // Each attribute carries its own event's label and class: a peer importing the event
  // keeps them per attribute, not only the event's strictest.
  std::string tags = ", \"Tag\": [{\"name\": \"" + MispTlpTag(tlp) + "\", \"exportable\": true}";
  if (!taxonomy.empty() && !type.empty()) {
    std::string rsit = fmt::format("rsit:{}=\"{}\"", taxonomy, type);
    tags += ", {";
    Str("name", rsit, &tags);
    tags += ", \"exportable\": true}";
    rsit_.insert(std::move(rsit));
  }
  tags += "]";
  const std::string when(e.Get(fields::kTimeSource).value_or(""));
  std::string comment = type;
  if (auto ident = e.Get(fields::kClassificationIdentifier)) comment += "/" + std::string(*ident);
  if (auto feed = e.Get(fields::kFeedName)) comment += " from " + std::string(*feed);
  if (!when.empty()) comment += " at " + when;
  if (auto port = e.Get(fields::kSourcePort)) comment += " port " + std::string(*port);
  std::vector<FieldId> in_objects;
  if (h_.objects) AddObjects(e, id, comment, tags, &in_objects);
  for (const auto& a : kAttributes) {
    if (std::find(in_objects.begin(), in_objects.end(), a.field) != in_objects.end()) continue;
    if (auto v = e.Get(a.field)) Attribute(a.type, *v, comment, tags, id, a.to_ids);
  }
}

void MispEventWriter::AddObjects(const Event& e, int64_t id, const std::string& comment,
                                 const std::string& tags, std::vector<FieldId>* used) {
  struct Part { FieldId field; const char* relation; const char* type; bool to_ids; };
  struct Template {
    const char* name;
    const char* meta_category;
    const char* description;
    const char* uuid;  // MISP's object template (misp-objects)
    const char* version;
    std::vector<Part> parts;
    FieldId needs;  // the object is written when the event has this field
    FieldId with;   // ... and this one (kFieldCount: alone is enough)
  };
  static const Template kTemplates[] = {
      {"ip-port", "network", "An IP address and a port seen together",
       "9f8cea74-16fe-4968-a2b4-026676949ac6", "10",
       {{fields::kSourceIp, "ip-src", "ip-src", true}, {fields::kSourcePort, "src-port", "port", false}},
       fields::kSourceIp, fields::kSourcePort},
      {"file", "file", "A file, by its hashes", "688c46fb-5edb-40a3-8273-1af7923e2215", "25",
       {{fields::kMalwareHashMd5, "md5", "md5", true},
        {fields::kMalwareHashSha1, "sha1", "sha1", true},
        {fields::kMalwareHashSha256, "sha256", "sha256", true}},
       fields::kFieldCount, fields::kFieldCount},
      {"url", "network", "A URL", "60efb77b-40b5-4c46-871b-ed1ed999fce5", "10",
       {{fields::kSourceUrl, "url", "url", true}}, fields::kSourceUrl, fields::kFieldCount},
  };
  std::string& o = buf_;
  for (const Template& t : kTemplates) {
    if (t.needs != fields::kFieldCount && !e.Has(t.needs)) continue;
    if (t.with != fields::kFieldCount && !e.Has(t.with)) continue;
    bool any = false;
    for (const Part& p : t.parts) any = any || e.Has(p.field);
    if (!any) continue;
    o.clear();
    if (objects_ > 0) o += ", ";
    o += "{";
    Str("uuid", NameUuid(fmt::format("belfry-event:{}:object:{}", id, t.name)), &o);
    o += fmt::format(", \"name\": \"{}\", \"meta-category\": \"{}\", \"description\": \"{}\", "
                     "\"template_uuid\": \"{}\", \"template_version\": \"{}\", \"timestamp\": \"{}\", "
                     "\"distribution\": \"5\", \"deleted\": false, ",
                     t.name, t.meta_category, t.description, t.uuid, t.version, h_.timestamp);
    Str("comment", comment, &o);
    o += ", \"Attribute\": [";
    bool first = true;
    for (const Part& p : t.parts) {
      auto v = e.Get(p.field);
      if (!v) continue;
      if (!first) o += ", ";
      first = false;
      AppendAttribute(p.type, *v, p.relation, comment, tags, id, p.to_ids, &o);
      used->push_back(p.field);
    }
    o += "]}";
    std::fwrite(o.data(), 1, o.size(), object_spool_);
    ++objects_;
  }
}

void MispEventWriter::Finish() {
  std::string& o = buf_;
  if (object_spool_ && objects_ > 0) {  // the objects kept aside, in order
    sink_("], \"Object\": [");
    std::fflush(object_spool_);
    std::rewind(object_spool_);
    std::string chunk(1 << 16, '\0');
    while (size_t n = std::fread(chunk.data(), 1, chunk.size(), object_spool_))
      sink_(std::string_view(chunk.data(), n));
  }
  o = "], \"Tag\": [{";
  Str("name", MispTlpTag(tlp_), &o);
  o += ", \"exportable\": true}";
  for (const auto& t : rsit_) {
    o += ", {";
    Str("name", t, &o);
    o += ", \"exportable\": true}";
  }
  o += fmt::format("], \"attribute_count\": \"{}\"}}}}\n", attributes_);
  sink_(o);
}

}  // namespace belfry
