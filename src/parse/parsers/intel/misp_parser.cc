#include "parse/parsers/intel/misp_parser.h"

#include <fmt/format.h>
#include <simdjson.h>

#include "core/text.h"
#include "model/field_registry.h"

namespace belfry {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

std::string_view Str(element e, std::string_view key) {
  std::string_view v;
  if (e[key].get_string().get(v) != simdjson::SUCCESS) return {};
  return v;
}

// The classification and TLP of a Tag list, if it has them. An event's tags apply to its
// attributes only when they are not ambiguous: one class, and the strictest label.
void ReadTags(element holder, std::optional<std::string_view>* type, std::optional<Tlp>* tlp) {
  array tags;
  if (holder["Tag"].get_array().get(tags) != simdjson::SUCCESS) return;
  int classes = 0;
  std::optional<std::string_view> found;
  for (element t : tags) {
    std::string_view name = Str(t, "name");
    if (auto c = RsitTypeOfTag(name)) {
      if (!found || *c != *found) ++classes;
      found = c;
    }
    if (auto l = TlpOfTag(name); l && (!*tlp || *l > **tlp)) *tlp = l;
  }
  if (!*type && classes == 1) *type = found;
}

// Where an attribute's value goes; "" for types that name nothing to act on.
struct Target {
  FieldId field;
  FieldId second;  // the part after '|' (ip-src|port), or kFieldCount
};

std::optional<Target> TargetOf(std::string_view type) {
  constexpr FieldId kNone = fields::kFieldCount;
  if (type == "ip-src") return Target{fields::kSourceIp, kNone};
  if (type == "ip-dst") return Target{fields::kDestinationIp, kNone};
  if (type == "ip-src|port") return Target{fields::kSourceIp, fields::kSourcePort};
  if (type == "ip-dst|port") return Target{fields::kDestinationIp, fields::kDestinationPort};
  if (type == "domain" || type == "hostname") return Target{fields::kSourceFqdn, kNone};
  if (type == "domain|ip" || type == "hostname|ip") return Target{fields::kSourceFqdn, fields::kSourceIp};
  if (type == "url" || type == "link") return Target{fields::kSourceUrl, kNone};
  if (type == "md5") return Target{fields::kMalwareHashMd5, kNone};
  if (type == "sha1") return Target{fields::kMalwareHashSha1, kNone};
  if (type == "sha256") return Target{fields::kMalwareHashSha256, kNone};
  if (type == "AS") return Target{fields::kSourceAsn, kNone};
  if (type == "port" || type == "dst-port") return Target{fields::kDestinationPort, kNone};
  if (type == "src-port") return Target{fields::kSourcePort, kNone};
  if (type == "malware-type") return Target{fields::kMalwareName, kNone};
  return std::nullopt;
}

// Whether a type is an observable by itself (a port or a malware name alone is not).
bool Observable(std::string_view type) {
  return type != "port" && type != "dst-port" && type != "src-port" && type != "malware-type";
}

struct EventContext {
  std::string_view info, uuid, orgc;
  std::optional<std::string_view> type;
  std::optional<Tlp> tlp;
};

class Reader {
 public:
  Reader(const ReportInfo& info, const ReportStamp& stamp, ParseOutput* out)
      : info_(info), stamp_(stamp), out_(out) {}

  void Event(element ev) {
    EventContext c;
    c.info = Str(ev, "info");
    c.uuid = Str(ev, "uuid");
    element orgc;
    if (ev["Orgc"].get(orgc) == simdjson::SUCCESS && orgc.is_object()) c.orgc = Str(orgc, "name");
    ReadTags(ev, &c.type, &c.tlp);
    array attributes, objects;
    if (ev["Attribute"].get_array().get(attributes) == simdjson::SUCCESS)
      for (element a : attributes) Record(c, a, {a});
    if (ev["Object"].get_array().get(objects) == simdjson::SUCCESS) {
      for (element o : objects) {
        bool deleted = false;
        if (o["deleted"].get_bool().get(deleted) == simdjson::SUCCESS && deleted) continue;
        array inner;
        if (o["Attribute"].get_array().get(inner) != simdjson::SUCCESS) continue;
        std::vector<element> parts(inner.begin(), inner.end());
        Record(c, o, parts);
      }
    }
  }

 private:
  // One event from one attribute or from the attributes of one object (`holder`).
  void Record(const EventContext& c, element holder, const std::vector<element>& attributes) {
    ++number_;
    ::belfry::Event e = out_->TakeEvent();
    stamp_.Apply(&e);
    std::optional<std::string_view> type = c.type;
    std::optional<Tlp> tlp = c.tlp;
    std::optional<std::string_view> own_type;
    std::optional<Tlp> own_tlp;
    ReadTags(holder, &own_type, &own_tlp);
    bool observable = false;
    std::string time, first_uuid, error;
    for (element a : attributes) {
      bool deleted = false;
      if (a["deleted"].get_bool().get(deleted) == simdjson::SUCCESS && deleted) continue;
      ReadTags(a, &own_type, &own_tlp);
      const std::string_view atype = Str(a, "type");
      auto target = TargetOf(atype);
      if (target && atype == "port" && Str(a, "object_relation") == "src-port")
        target->field = fields::kSourcePort;  // an ip-port object's source side
      if (!target) continue;
      std::string value(TrimAscii(Str(a, "value")));
      if (value.empty()) continue;
      std::string second;
      if (target->second != fields::kFieldCount) {
        const auto bar = value.find('|');
        if (bar == std::string::npos) {
          error = fmt::format("{} value without '|': {}", atype, value);
          break;
        }
        second = value.substr(bar + 1);
        value.resize(bar);
      }
      if (target->field == fields::kSourceAsn && (value.rfind("AS", 0) == 0 || value.rfind("as", 0) == 0))
        value.erase(0, 2);
      auto put = [&](FieldId f, const std::string& v) {
        if (error.empty() && !e.Has(f))
          if (auto st = e.Add(f, v); !st) error = fmt::format("{} {}: {}", atype, v, st.error().message());
      };
      put(target->field, value);
      if (!second.empty()) put(target->second, second);
      observable = observable || Observable(atype);
      if (first_uuid.empty()) first_uuid = Str(a, "uuid");
      if (time.empty()) time = Str(a, "first_seen");
      if (time.empty()) time = Str(a, "timestamp");
    }
    if (!observable && error.empty()) {
      out_->spare.push_back(std::move(e));
      return;  // nothing to act on: a comment, a text
    }
    ++out_->records;
    std::string raw = simdjson::to_string(holder);
    if (!error.empty()) {
      out_->dead_letters.push_back(DeadLetter{info_.file_name, number_,
          fmt::format("MISP attribute {}: {}", first_uuid.empty() ? "?" : first_uuid, error), raw});
      return;
    }
    if (own_type) type = own_type;
    if (own_tlp) tlp = own_tlp;
    SetClassification(type.value_or("undetermined"), &e);
    if (tlp) (void)e.Add(fields::kTlp, TlpName(*tlp), true);
    if (!time.empty()) (void)SetTimeSource(time, &e);
    if (!c.info.empty()) (void)e.Add(fields::kEventDescriptionText, c.info, true);
    if (!c.uuid.empty()) (void)e.Add(fields::kMispEventUuid, AsciiLowerCopy(c.uuid), true);
    if (!first_uuid.empty()) (void)e.Add(fields::kMispAttributeUuid, AsciiLowerCopy(first_uuid), true);
    if (!c.orgc.empty()) (void)e.AddExtra("misp_orgc", JsonKind::kString, c.orgc, true);
    std::string_view comment = Str(holder, "comment");
    if (!comment.empty()) (void)e.AddExtra("misp_comment", JsonKind::kString, comment, true);
    e.raw = std::move(raw);
    e.line = number_;
    out_->events.push_back(std::move(e));
  }

  const ReportInfo& info_;
  const ReportStamp& stamp_;
  ParseOutput* out_;
  uint64_t number_ = 0;  // the attribute's or object's place in the document
};

}  // namespace

void MispParser::ReadDocument(const std::string& text, ParseOutput* out) {
  simdjson::dom::parser parser;
  element root;
  if (auto err = parser.parse(text).get(root); err)
    return RejectDocument(fmt::format("not a MISP event: {}", simdjson::error_message(err)), text, out);
  Reader reader(info(), stamp(), out);
  auto one = [&](element e) -> bool {
    element ev;
    if (e["Event"].get(ev) == simdjson::SUCCESS && ev.is_object()) {
      reader.Event(ev);
      return true;
    }
    if (e.is_object() && (e["Attribute"].error() == simdjson::SUCCESS || e["Object"].error() == simdjson::SUCCESS)) {
      reader.Event(e);
      return true;
    }
    return false;
  };
  bool found = false;
  array list;
  if (root.get_array().get(list) == simdjson::SUCCESS) {
    for (element e : list) found = one(e) || found;
  } else if (root["response"].get_array().get(list) == simdjson::SUCCESS) {
    for (element e : list) found = one(e) || found;
  } else {
    found = one(root);
  }
  if (!found) RejectDocument("not a MISP event: no \"Event\" with attributes", text, out);
}

}  // namespace belfry
