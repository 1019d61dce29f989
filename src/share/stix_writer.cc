#include "share/stix_writer.h"

#include <fmt/format.h>

#include <vector>

#include "core/date_time.h"
#include "core/digest.h"
#include "core/text.h"
#include "model/field_registry.h"
#include "share/xarf_report.h"

namespace belfry {

namespace {

// STIX 2.1 section 2.9: the namespace of cyber observables' deterministic ids.
constexpr std::string_view kScoNamespace = "00abedb4-aa42-466c-9c01-fed23315a9b7";
// Ours, for the ids of what we author (fixed once; changing it would change every id).
constexpr std::string_view kBelfryNamespace = "b8f1c3c6-5a3e-5f0e-9d7a-2f1c0be1f4a1";

constexpr std::string_view kTlpMarkings[] = {
    "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",  // CLEAR
    "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",  // GREEN
    "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",  // AMBER
    "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",  // AMBER+STRICT
    "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",  // RED
};
constexpr std::string_view kTlpValues[] = {"clear", "green", "amber", "amber+strict", "red"};
constexpr std::string_view kTlpExtension = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

std::string HexToBytes(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    if (hex[i] == '-') { --i; continue; }
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

// "2026-11-22T10:00:00+00:00" (stored events are UTC) -> "2026-11-22T10:00:00Z".
std::string StixTime(std::string_view intelmq_time, const std::string& fallback) {
  if (intelmq_time.empty()) return fallback;
  std::string s(intelmq_time);
  if (s.size() > 6 && s.compare(s.size() - 6, 6, "+00:00") == 0) {
    s.replace(s.size() - 6, 6, "Z");
    return s;
  }
  auto micros = ParseDateTimeMicros(intelmq_time);
  if (!micros) return fallback;
  return StixTime(FormatIsoUtc(*micros), fallback);
}

// RSIT taxonomy -> STIX indicator-type-ov.
std::string_view IndicatorType(std::string_view taxonomy) {
  if (taxonomy == "malicious-code" || taxonomy == "intrusions") return "compromised";
  if (taxonomy == "intrusion-attempts" || taxonomy == "abusive-content" || taxonomy == "fraud")
    return "malicious-activity";
  if (taxonomy == "vulnerable" || taxonomy == "information-gathering" ||
      taxonomy == "availability" || taxonomy == "information-content-security")
    return "anomalous-activity";
  return "unknown";
}

void Str(std::string_view key, std::string_view value, std::string* out) {
  out->append(", ");
  AppendJsonString(key, out);
  out->append(": ");
  AppendJsonString(value, out);
}

// The id of an object we author: one per type and key.
std::string OwnId(std::string_view type, std::string_view key) {
  std::string name(type);
  name += '|';
  name.append(key);
  return StixId(type, kBelfryNamespace, name);
}

struct Observable {
  std::string id, json, pattern;
};

}  // namespace

std::string StixId(std::string_view type, std::string_view namespace_uuid, std::string_view name) {
  std::string input = HexToBytes(namespace_uuid);
  input.append(name);
  std::string h = Sha1Hex(input).substr(0, 32);
  h[12] = '5';  // version 5
  const char variant[] = "89ab";
  h[16] = variant[std::stoi(h.substr(16, 1), nullptr, 16) & 3];
  std::string out(type);
  out += "--";
  out += h.substr(0, 8);
  out += '-';
  out += h.substr(8, 4);
  out += '-';
  out += h.substr(12, 4);
  out += '-';
  out += h.substr(16, 4);
  out += '-';
  out += h.substr(20, 12);
  return out;
}

std::string StixObservableId(std::string_view type, std::string_view canonical_json) {
  return StixId(type, kScoNamespace, canonical_json);
}

std::string_view StixTlpMarking(Tlp tlp) { return kTlpMarkings[static_cast<int>(tlp)]; }

std::string StixPatternString(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

StixBundleWriter::StixBundleWriter(StixBundleHeader header, Sink sink)
    : h_(std::move(header)), sink_(std::move(sink)) {}

StixBundleWriter::~StixBundleWriter() {
  if (spool_) std::fclose(spool_);
}

void StixBundleWriter::Object(const std::string& json) {
  if (objects_++ > 0) sink_(",\n");
  sink_(json);
}

void StixBundleWriter::Ref(std::string_view id) {
  refs_ += ", \"";
  refs_.append(id);
  refs_ += '"';
  if (refs_.size() > (1 << 16)) {
    std::fwrite(refs_.data(), 1, refs_.size(), spool_);
    refs_.clear();
  }
}

Status StixBundleWriter::Begin() {
  spool_ = std::tmpfile();
  if (!spool_) return Fail(Error::Io("cannot create a temporary file for the report's refs"));
  // created and modified: millisecond precision, as STIX 2.1 section 3.2 requires.
  std::string ts = FormatIsoUtc(h_.now_seconds * 1000000);
  created_ = StixTime(ts, ts);
  created_.insert(created_.size() - 1, ".000");
  identity_id_ = OwnId("identity", "team:" + h_.team_name);
  sink_(fmt::format("{{\"type\": \"bundle\", \"id\": \"bundle--{}\", \"objects\": [\n", NewUuid()));
  std::string o = fmt::format(R"({{"type": "identity", "spec_version": "2.1", "id": "{}", )"
                              R"("created": "{}", "modified": "{}", "identity_class": "organization")",
                              identity_id_, created_, created_);
  Str("name", h_.team_name, &o);
  if (!h_.team_contact.empty()) Str("contact_information", h_.team_contact, &o);
  o += "}";
  Object(o);
  return Ok();
}

bool StixBundleWriter::Add(const Event& e, int64_t id, Tlp tlp) {
  std::vector<Observable> obs;
  auto ip = [&](FieldId f) {
    auto v = e.Get(f);
    if (!v) return;
    std::string_view type = v->find(':') == std::string_view::npos ? "ipv4-addr" : "ipv6-addr";
    std::string canon = "{\"value\":";
    AppendJsonString(*v, &canon);
    canon += '}';
    Observable o{StixObservableId(type, canon), "", ""};
    o.pattern = fmt::format("[{}:value = {}]", type, StixPatternString(*v));
    o.json = fmt::format(R"({{"type": "{}", "spec_version": "2.1", "id": "{}")", type, o.id);
    Str("value", *v, &o.json);
    obs.push_back(std::move(o));
  };
  auto value = [&](FieldId f, std::string_view type) {
    auto v = e.Get(f);
    if (!v) return;
    std::string canon = "{\"value\":";
    AppendJsonString(*v, &canon);
    canon += '}';
    Observable o{StixObservableId(type, canon), "", ""};
    o.pattern = fmt::format("[{}:value = {}]", type, StixPatternString(*v));
    o.json = fmt::format(R"({{"type": "{}", "spec_version": "2.1", "id": "{}")", type, o.id);
    Str("value", *v, &o.json);
    obs.push_back(std::move(o));
  };
  ip(fields::kSourceIp);
  ip(fields::kDestinationIp);
  value(fields::kSourceFqdn, "domain-name");
  value(fields::kSourceUrl, "url");
  {
    struct H { FieldId f; const char* name; };
    const H hashes[] = {{fields::kMalwareHashMd5, "MD5"},
                        {fields::kMalwareHashSha1, "SHA-1"},
                        {fields::kMalwareHashSha256, "SHA-256"}};
    std::string dict, pattern, canon;
    for (const auto& h : hashes) {
      auto v = e.Get(h.f);
      if (!v) continue;
      if (canon.empty()) {  // the id takes one hash, MD5 first (STIX 2.1 section 6.7)
        canon = fmt::format("{{\"hashes\":{{\"{}\":", h.name);
        AppendJsonString(*v, &canon);
        canon += "}}";
      }
      dict += dict.empty() ? "{" : ", ";
      AppendJsonString(h.name, &dict);
      dict += ": ";
      AppendJsonString(*v, &dict);
      if (!pattern.empty()) pattern += " OR ";
      pattern += fmt::format("file:hashes.'{}' = {}", h.name, StixPatternString(*v));
    }
    if (!canon.empty()) {
      Observable o{StixObservableId("file", canon), "", "[" + pattern + "]"};
      o.json = fmt::format(R"({{"type": "file", "spec_version": "2.1", "id": "{}", "hashes": {}}})",
                           o.id, dict);
      obs.push_back(std::move(o));
    }
  }
  if (obs.empty()) return false;
  if (auto asn = e.Get(fields::kSourceAsn)) {
    if (auto n = ParseInt64(*asn); n && *n >= 0) {
      Observable o{StixObservableId("autonomous-system", fmt::format("{{\"number\":{}}}", *n)), "",
                   ""};
      o.json = fmt::format(R"({{"type": "autonomous-system", "spec_version": "2.1", "id": "{}", )"
                           R"("number": {})",
                           o.id, *n);
      if (auto name = e.Get(fields::kSourceAsName)) Str("name", *name, &o.json);
      obs.push_back(std::move(o));
    }
  }

  if (static_cast<int>(tlp) > static_cast<int>(tlp_)) tlp_ = tlp;
  used_[static_cast<int>(tlp)] = true;
  const std::string marking = fmt::format(R"(, "object_marking_refs": ["{}"]}})", StixTlpMarking(tlp));
  const std::string when = StixTime(e.Get(fields::kTimeSource).value_or(""), created_);
  const std::string key = fmt::format("{}:event:{}", h_.team_name, id);
  const std::string common = fmt::format(R"("spec_version": "2.1", "created_by_ref": "{}", )"
                                         R"("created": "{}", "modified": "{}")",
                                         identity_id_, created_, created_);
  std::string refs, pattern;
  for (auto& o : obs) {
    Object(o.json + marking);
    refs += refs.empty() ? "\"" : ", \"";
    refs += o.id;
    refs += '"';
    if (o.pattern.empty()) continue;
    if (!pattern.empty()) pattern += " OR ";
    pattern += o.pattern;
  }
  const std::string od_id = OwnId("observed-data", key);
  Object(fmt::format(R"({{"type": "observed-data", "id": "{}", {}, "first_observed": "{}", )"
                     R"("last_observed": "{}", "number_observed": 1, "object_refs": [{}])",
                     od_id, common, when, when, refs) + marking);

  const std::string taxonomy(e.Get(fields::kClassificationTaxonomy).value_or("other"));
  const std::string type(e.Get(fields::kClassificationType).value_or("undetermined"));
  std::string name = type;
  if (auto ident = e.Get(fields::kClassificationIdentifier)) (name += " ") += *ident;
  std::string description = "RSIT " + taxonomy + "/" + type;
  if (auto feed = e.Get(fields::kFeedName)) (description += ", reported by ") += *feed;
  if (auto port = e.Get(fields::kSourcePort)) (description += ", port ") += *port;
  if (auto proto = e.Get(fields::kProtocolApplication)) (description += ", ") += *proto;
  const std::string ind_id = OwnId("indicator", key);
  std::string ind = fmt::format(R"({{"type": "indicator", "id": "{}", {}, "indicator_types": )"
                                R"(["{}"], "pattern_type": "stix", "pattern_version": "2.1", )"
                                R"("valid_from": "{}", "labels": ["rsit:{}", "rsit:{}"])",
                                ind_id, common, IndicatorType(taxonomy), when, taxonomy, type);
  Str("name", name, &ind);
  Str("description", description, &ind);
  Str("pattern", pattern, &ind);
  Object(ind + marking);
  ++indicators_;

  const std::string sighting_id = OwnId("sighting", key);
  Object(fmt::format(R"({{"type": "sighting", "id": "{}", {}, "first_seen": "{}", )"
                     R"("last_seen": "{}", "count": 1, "sighting_of_ref": "{}", )"
                     R"("observed_data_refs": ["{}"], "where_sighted_refs": ["{}"])",
                     sighting_id, common, when, when, ind_id, od_id, identity_id_) + marking);
  Ref(ind_id);
  Ref(od_id);
  Ref(sighting_id);
  return true;
}

Status StixBundleWriter::Finish() {
  const std::string common = fmt::format(R"("spec_version": "2.1", "created_by_ref": "{}", )"
                                         R"("created": "{}", "modified": "{}")",
                                         identity_id_, created_, created_);
  const std::string marking = fmt::format(R"(, "object_marking_refs": ["{}"]}})", StixTlpMarking(tlp_));
  const std::string incident_id = OwnId("incident", h_.key);
  std::string incident = fmt::format(R"({{"type": "incident", "id": "{}", {})", incident_id, common);
  Str("name", h_.name, &incident);
  Str("description", fmt::format("{} indicator(s) sighted by {}", indicators_, h_.team_name),
      &incident);
  Object(incident + marking);

  std::string report = fmt::format(R"({{"type": "report", "id": "{}", {}, "published": "{}", )"
                                   R"("report_types": ["indicator", "observed-data"])",
                                   OwnId("report", h_.key), common, created_);
  Str("name", h_.name, &report);
  report += fmt::format(R"(, "object_refs": ["{}", "{}")", incident_id, identity_id_);
  if (objects_ > 0) sink_(",\n");
  ++objects_;
  sink_(report);
  if (!refs_.empty()) std::fwrite(refs_.data(), 1, refs_.size(), spool_);
  refs_.clear();
  if (std::fflush(spool_) != 0 || std::fseek(spool_, 0, SEEK_SET) != 0)
    return Fail(Error::Io("cannot read back the report's refs"));
  std::string chunk(1 << 16, '\0');
  while (size_t n = std::fread(chunk.data(), 1, chunk.size(), spool_))
    sink_(std::string_view(chunk.data(), n));
  if (std::ferror(spool_)) return Fail(Error::Io("cannot read back the report's refs"));
  sink_("]" + marking);

  for (int t = 0; t < 5; ++t) {
    if (!used_[t] && t != static_cast<int>(tlp_)) continue;
    Object(fmt::format(R"({{"type": "marking-definition", "spec_version": "2.1", "id": "{}", )"
                       R"("created": "2022-10-01T00:00:00.000Z", "name": "TLP:{}", "extensions": )"
                       R"({{"{}": {{"extension_type": "property-extension", "tlp_2_0": "{}"}}}}}})",
                       kTlpMarkings[t], TlpName(static_cast<Tlp>(t)), kTlpExtension, kTlpValues[t]));
  }
  sink_("\n]}\n");
  return Ok();
}

}  // namespace belfry
