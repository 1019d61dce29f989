#include "parse/parsers/intel/stix_parser.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <unordered_map>
#include <unordered_set>

#include "core/text.h"
#include "model/field_registry.h"
#include "model/taxonomy.h"
#include "parse/parsers/intel/stix_pattern.h"

namespace belfry {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

constexpr std::string_view kTlp2Extension = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

// STIX 2.1's TLP 1.0 marking definitions (section 7.2.1.4) and the OASIS TLP 2.0 ones.
const std::unordered_map<std::string_view, Tlp>& KnownMarkings() {
  static const std::unordered_map<std::string_view, Tlp> m = {
      {"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", Tlp::kClear},
      {"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", Tlp::kGreen},
      {"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", Tlp::kAmber},
      {"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", Tlp::kRed},
      {"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", Tlp::kClear},
      {"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", Tlp::kGreen},
      {"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", Tlp::kAmber},
      {"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", Tlp::kAmberStrict},
      {"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", Tlp::kRed},
  };
  return m;
}

std::string_view Str(element e, std::string_view key) {
  std::string_view v;
  if (e[key].get_string().get(v) != simdjson::SUCCESS) return {};
  return v;
}

// The IntelMQ field of an object path (`ipv4-addr` + `value`); kFieldCount when none.
FieldId FieldOf(std::string_view type, std::string_view path, std::string_view value) {
  if (type == "ipv4-addr" || type == "ipv6-addr")
    return path == "value" ? (value.find('/') == std::string_view::npos ? fields::kSourceIp
                                                                        : fields::kSourceNetwork)
                           : fields::kFieldCount;
  if (type == "domain-name" && path == "value") return fields::kSourceFqdn;
  if (type == "url" && path == "value") return fields::kSourceUrl;
  if (type == "autonomous-system" && path == "number") return fields::kSourceAsn;
  if (type == "file" && path.substr(0, 7) == "hashes.") {
    std::string h = AsciiLowerCopy(path.substr(7));
    if (h == "md5") return fields::kMalwareHashMd5;
    if (h == "sha-1" || h == "sha1") return fields::kMalwareHashSha1;
    if (h == "sha-256" || h == "sha256") return fields::kMalwareHashSha256;
  }
  if (type == "network-traffic") {
    if (path == "src_ref.value") return fields::kSourceIp;
    if (path == "dst_ref.value") return fields::kDestinationIp;
    if (path == "src_port") return fields::kSourcePort;
    if (path == "dst_port") return fields::kDestinationPort;
    if (path.substr(0, 9) == "protocols") return fields::kProtocolTransport;
  }
  return fields::kFieldCount;
}

bool Observable(FieldId f) {
  return f != fields::kFieldCount && f != fields::kSourcePort && f != fields::kDestinationPort &&
         f != fields::kProtocolTransport;
}

class Reader {
 public:
  Reader(const ReportInfo& info, const ReportStamp& stamp, ParseOutput* out)
      : info_(info), stamp_(stamp), out_(out) {}

  void Bundle(array objects) {
    for (element o : objects) {  // first: what objects refer to
      std::string_view id = Str(o, "id");
      std::string_view type = Str(o, "type");
      if (!id.empty()) index_.emplace(id, o);
      if (type == "marking-definition") Marking(id, o);
      if (type == "sighting") {
        array refs;
        if (o["observed_data_refs"].get_array().get(refs) == simdjson::SUCCESS)
          for (element r : refs) {
            std::string_view s;
            if (r.get_string().get(s) == simdjson::SUCCESS) sighted_.insert(s);
          }
      }
    }
    for (element o : objects) {
      ++number_;
      std::string_view type = Str(o, "type");
      if (type == "indicator") Indicator(o);
      else if (type == "observed-data" && !sighted_.count(Str(o, "id"))) ObservedData(o);
    }
  }

 private:
  void Marking(std::string_view id, element o) {
    std::string_view label;
    object ext;
    if (o["definition"]["tlp"].get_string().get(label) == simdjson::SUCCESS ||
        (o["extensions"].get_object().get(ext) == simdjson::SUCCESS &&
         ext[kTlp2Extension]["tlp_2_0"].get_string().get(label) == simdjson::SUCCESS)) {
      if (auto tlp = ParseTlp(label)) markings_[id] = *tlp;
    }
  }

  std::optional<Tlp> TlpOf(element o) {
    array refs;
    std::optional<Tlp> out;
    if (o["object_marking_refs"].get_array().get(refs) != simdjson::SUCCESS) return out;
    for (element r : refs) {
      std::string_view id;
      if (r.get_string().get(id) != simdjson::SUCCESS) continue;
      std::optional<Tlp> t;
      if (auto k = KnownMarkings().find(id); k != KnownMarkings().end()) t = k->second;
      else if (auto m = markings_.find(id); m != markings_.end()) t = m->second;
      if (t && (!out || *t > *out)) out = t;  // the strictest applies
    }
    return out;
  }

  // The fields of one observation, set on a new event; "" or the reason it cannot be.
  std::string Put(FieldId f, std::string value, ::belfry::Event* e) {
    if (f == fields::kFieldCount || e->Has(f)) return "";
    if (f == fields::kSourceAsn && (value.rfind("AS", 0) == 0)) value.erase(0, 2);
    if (auto st = e->Add(f, value); !st) return fmt::format("{}: {}", value, st.error().message());
    return "";
  }

  void Emit(element o, ::belfry::Event e, bool observable, const std::string& error,
            std::string_view kind) {
    ++out_->records;
    std::string raw = simdjson::to_string(o);
    if (!error.empty() || !observable) {
      out_->dead_letters.push_back(DeadLetter{info_.file_name, number_,
          fmt::format("STIX {} {}: {}", kind, Str(o, "id"),
                      error.empty() ? "names nothing Belfry can act on" : error), raw});
      return;
    }
    std::optional<std::string_view> type;
    array labels;
    if (o["labels"].get_array().get(labels) == simdjson::SUCCESS)
      for (element l : labels) {
        std::string_view s;
        if (l.get_string().get(s) == simdjson::SUCCESS && s.substr(0, 5) == "rsit:" && !type)
          type = Taxonomy::CanonicalType(s.substr(5));
      }
    SetClassification(type.value_or("undetermined"), &e);
    if (auto tlp = TlpOf(o)) (void)e.Add(fields::kTlp, TlpName(*tlp), true);
    std::string_view text = Str(o, "name");
    if (text.empty()) text = Str(o, "description");
    if (!text.empty()) (void)e.Add(fields::kEventDescriptionText, text, true);
    (void)e.AddExtra("stix_id", JsonKind::kString, Str(o, "id"), true);
    if (auto by = index_.find(Str(o, "created_by_ref")); by != index_.end()) {
      std::string_view name = Str(by->second, "name");
      if (!name.empty()) (void)e.AddExtra("stix_creator", JsonKind::kString, name, true);
    }
    e.raw = std::move(raw);
    e.line = number_;
    out_->events.push_back(std::move(e));
  }

  void Indicator(element o) {
    if (Str(o, "pattern_type") != "stix") return;  // Snort, YARA, Sigma: not ours to read
    auto observations = ParseStixPattern(Str(o, "pattern"));
    if (!observations) {
      ++out_->records;
      out_->dead_letters.push_back(DeadLetter{info_.file_name, number_,
          fmt::format("STIX indicator {}: {}", Str(o, "id"), observations.error().message()),
          simdjson::to_string(o)});
      return;
    }
    for (const auto& obs : *observations) {
      ::belfry::Event e = out_->TakeEvent();
      stamp_.Apply(&e);
      bool observable = false;
      std::string error;
      for (const auto& c : obs.comparisons) {
        const FieldId f = FieldOf(c.object_type, c.path, c.value);
        if (error.empty()) error = Put(f, c.value, &e);
        observable = observable || Observable(f);
      }
      if (!observable && error.empty()) {  // e.g. only an e-mail subject: not ours
        out_->spare.push_back(std::move(e));
        continue;
      }
      (void)SetTimeSource(Str(o, "valid_from"), &e);
      Emit(o, std::move(e), observable, error, "indicator");
    }
  }

  void ObservedData(element o) {
    ::belfry::Event e = out_->TakeEvent();
    stamp_.Apply(&e);
    bool observable = false;
    std::string error;
    auto sco = [&](element s) {
      std::string_view type = Str(s, "type");
      for (std::string_view key : {"value", "number"}) {
        element v;
        if (s[key].get(v) != simdjson::SUCCESS) continue;
        std::string value = v.is_string() ? std::string(v.get_string().value()) : simdjson::to_string(v);
        const FieldId f = FieldOf(type, key, value);
        if (error.empty()) error = Put(f, value, &e);
        observable = observable || Observable(f);
      }
      object hashes;
      if (s["hashes"].get_object().get(hashes) == simdjson::SUCCESS)
        for (auto [k, v] : hashes) {
          std::string_view value;
          if (v.get_string().get(value) != simdjson::SUCCESS) continue;
          const FieldId f = FieldOf(type, std::string("hashes.") + std::string(k), value);
          if (error.empty()) error = Put(f, std::string(value), &e);
          observable = observable || Observable(f);
        }
    };
    array refs;
    object legacy;
    if (o["object_refs"].get_array().get(refs) == simdjson::SUCCESS) {
      for (element r : refs) {
        std::string_view id;
        if (r.get_string().get(id) != simdjson::SUCCESS) continue;
        if (auto it = index_.find(id); it != index_.end()) sco(it->second);
      }
    } else if (o["objects"].get_object().get(legacy) == simdjson::SUCCESS) {  // STIX 2.0 form
      for (auto [k, v] : legacy) sco(v);
    }
    (void)SetTimeSource(Str(o, "first_observed"), &e);
    Emit(o, std::move(e), observable, error, "observed-data");
  }

  const ReportInfo& info_;
  const ReportStamp& stamp_;
  ParseOutput* out_;
  std::unordered_map<std::string_view, element> index_;
  std::unordered_map<std::string_view, Tlp> markings_;
  std::unordered_set<std::string_view> sighted_;
  uint64_t number_ = 0;
};

}  // namespace

void StixParser::ReadDocument(const std::string& text, ParseOutput* out) {
  simdjson::dom::parser parser;
  element root;
  array objects;
  if (auto err = parser.parse(text).get(root); err)
    RejectDocument(fmt::format("not a STIX bundle: {}", simdjson::error_message(err)), text, out);
  else if (Str(root, "type") != "bundle" || root["objects"].get_array().get(objects) != simdjson::SUCCESS)
    RejectDocument("not a STIX bundle: no \"type\": \"bundle\" with \"objects\"", text, out);
  else
    Reader(info(), stamp(), out).Bundle(objects);
}

}  // namespace belfry
