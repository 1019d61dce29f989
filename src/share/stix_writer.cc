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

// A UUID's 16 bytes from its text (the namespaces: constants).
std::string UuidBytes(std::string_view uuid) {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string out;
  for (size_t i = 0; i + 1 < uuid.size(); ++i) {
    if (uuid[i] == '-') continue;
    out.push_back(static_cast<char>(nibble(uuid[i]) << 4 | nibble(uuid[i + 1])));
    ++i;
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
  out->push_back(',');
  AppendJsonString(key, out);
  out->push_back(':');
  AppendJsonString(value, out);
}

// The id of an object we author: one per type and key.
std::string OwnId(std::string_view type, std::string_view key) {
  std::string name(type);
  name += '|';
  name.append(key);
  return StixId(type, kBelfryNamespace, name);
}

}  // namespace

std::string StixId(std::string_view type, std::string_view namespace_uuid, std::string_view name) {
  // The two namespaces in use, as bytes once; another is converted per call.
  static const std::string sco = UuidBytes(kScoNamespace), own = UuidBytes(kBelfryNamespace);
  std::string input = namespace_uuid == kScoNamespace     ? sco
                      : namespace_uuid == kBelfryNamespace ? own
                                                           : UuidBytes(namespace_uuid);
  input.append(name);
  unsigned char h[20];
  Sha1(input, h);
  h[6] = static_cast<unsigned char>((h[6] & 0x0F) | 0x50);  // version 5
  h[8] = static_cast<unsigned char>((h[8] & 0x3F) | 0x80);  // variant 1 (RFC 9562)
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(type);
  out.reserve(type.size() + 38);
  out += "--";
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[h[i] >> 4];
    out += kHex[h[i] & 15];
  }
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
  refs_ += ",\"";
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
  common_ = fmt::format(R"("spec_version":"2.1","created_by_ref":"{}","created":"{}",)"
                        R"("modified":"{}")",
                        identity_id_, created_, created_);
  for (int t = 0; t < 5; ++t)
    markings_[t] = fmt::format(R"(,"object_marking_refs":["{}"]}})", kTlpMarkings[t]);
  sink_(fmt::format("{{\"type\":\"bundle\",\"id\":\"bundle--{}\",\"objects\":[\n", NewUuid()));
  std::string o = fmt::format(R"({{"type":"identity","spec_version":"2.1","id":"{}",)"
                              R"("created":"{}","modified":"{}","identity_class":"organization")",
                              identity_id_, created_, created_);
  Str("name", h_.team_name, &o);
  if (!h_.team_contact.empty()) Str("contact_information", h_.team_contact, &o);
  o += "}";
  Object(o);
  return Ok();
}

bool StixBundleWriter::Add(const Event& e, int64_t id, Tlp tlp) {
  // Everything of one event goes into out_, handed to the sink once: a million events make
  // five million objects, so nothing here allocates per object once the buffers have grown.
  std::string& o = out_;
  o.clear();
  refs_of_event_.clear();
  pattern_.clear();
  const std::string_view marking = markings_[static_cast<int>(tlp)];
  auto open = [&](std::string_view type, const std::string& sco_id) {
    o += objects_++ > 0 ? ",\n{\"type\":\"" : "{\"type\":\"";
    o += type;
    o += "\",\"spec_version\":\"2.1\",\"id\":\"";
    o += sco_id;
    o += '"';
    if (!refs_of_event_.empty()) refs_of_event_ += ',';
    refs_of_event_ += '"';
    refs_of_event_ += sco_id;
    refs_of_event_ += '"';
  };
  auto canon_value = [&](std::string_view v) {
    canon_.assign("{\"value\":");
    AppendJsonString(v, &canon_);
    canon_ += '}';
    return std::string_view(canon_);
  };
  auto value = [&](FieldId f, std::string_view type) {
    auto v = e.Get(f);
    if (!v) return;
    if (type.empty()) type = v->find(':') == std::string_view::npos ? "ipv4-addr" : "ipv6-addr";
    open(type, StixObservableId(type, canon_value(*v)));
    Str("value", *v, &o);
    o += marking;
    if (!pattern_.empty()) pattern_ += " OR ";
    (((pattern_ += '[') += type) += ":value = ") += StixPatternString(*v);
    pattern_ += ']';
  };
  value(fields::kSourceIp, "");
  value(fields::kDestinationIp, "");
  value(fields::kSourceFqdn, "domain-name");
  value(fields::kSourceUrl, "url");
  {
    struct H { FieldId f; const char* name; };
    const H hashes[] = {{fields::kMalwareHashMd5, "MD5"},
                        {fields::kMalwareHashSha1, "SHA-1"},
                        {fields::kMalwareHashSha256, "SHA-256"}};
    std::string dict, pattern;
    canon_.clear();
    for (const auto& h : hashes) {
      auto v = e.Get(h.f);
      if (!v) continue;
      if (canon_.empty()) {  // the id takes one hash, MD5 first (STIX 2.1 section 6.7)
        canon_ = fmt::format("{{\"hashes\":{{\"{}\":", h.name);
        AppendJsonString(*v, &canon_);
        canon_ += "}}";
      }
      dict += dict.empty() ? "{" : ",";
      AppendJsonString(h.name, &dict);
      dict += ':';
      AppendJsonString(*v, &dict);
      if (!pattern.empty()) pattern += " OR ";
      pattern += fmt::format("file:hashes.'{}' = {}", h.name, StixPatternString(*v));
    }
    if (!canon_.empty()) {
      open("file", StixObservableId("file", canon_));
      ((o += ",\"hashes\":") += dict) += '}';
      o += marking;
      if (!pattern_.empty()) pattern_ += " OR ";
      ((pattern_ += '[') += pattern) += ']';
    }
  }
  if (pattern_.empty()) {  // nothing to point at: no indicator
    o.clear();
    refs_of_event_.clear();
    return false;
  }
  if (auto asn = e.Get(fields::kSourceAsn)) {
    if (auto n = ParseInt64(*asn); n && *n >= 0) {
      open("autonomous-system", StixObservableId("autonomous-system", fmt::format("{{\"number\":{}}}", *n)));
      fmt::format_to(std::back_inserter(o), ",\"number\":{}", *n);
      if (auto name = e.Get(fields::kSourceAsName)) Str("name", *name, &o);
      o += marking;
    }
  }

  if (tlp > tlp_) tlp_ = tlp;
  used_[static_cast<int>(tlp)] = true;
  const std::string when = StixTime(e.Get(fields::kTimeSource).value_or(""), created_);
  key_.assign(h_.team_name);
  fmt::format_to(std::back_inserter(key_), ":event:{}", id);
  const std::string od_id = OwnId("observed-data", key_);
  fmt::format_to(std::back_inserter(o),
                 ",\n{{\"type\":\"observed-data\",\"id\":\"{}\",{},\"first_observed\":\"{}\","
                 "\"last_observed\":\"{}\",\"number_observed\":1,\"object_refs\":[{}]",
                 od_id, common_, when, when, refs_of_event_);
  o += marking;

  const std::string_view taxonomy = e.Get(fields::kClassificationTaxonomy).value_or("other");
  const std::string_view type = e.Get(fields::kClassificationType).value_or("undetermined");
  std::string name(type);
  if (auto ident = e.Get(fields::kClassificationIdentifier)) (name += " ") += *ident;
  std::string description = fmt::format("RSIT {}/{}", taxonomy, type);
  if (auto feed = e.Get(fields::kFeedName)) (description += ", reported by ") += *feed;
  if (auto port = e.Get(fields::kSourcePort)) (description += ", port ") += *port;
  if (auto proto = e.Get(fields::kProtocolApplication)) (description += ", ") += *proto;
  const std::string ind_id = OwnId("indicator", key_);
  fmt::format_to(std::back_inserter(o),
                 ",\n{{\"type\":\"indicator\",\"id\":\"{}\",{},\"indicator_types\":"
                 "[\"{}\"],\"pattern_type\":\"stix\",\"pattern_version\":\"2.1\","
                 "\"valid_from\":\"{}\",\"labels\":[\"rsit:{}\",\"rsit:{}\"]",
                 ind_id, common_, IndicatorType(taxonomy), when, taxonomy, type);
  Str("name", name, &o);
  Str("description", description, &o);
  Str("pattern", pattern_, &o);
  o += marking;
  ++indicators_;

  const std::string sighting_id = OwnId("sighting", key_);
  fmt::format_to(std::back_inserter(o),
                 ",\n{{\"type\":\"sighting\",\"id\":\"{}\",{},\"first_seen\":\"{}\","
                 "\"last_seen\":\"{}\",\"count\":1,\"sighting_of_ref\":\"{}\","
                 "\"observed_data_refs\":[\"{}\"],\"where_sighted_refs\":[\"{}\"]",
                 sighting_id, common_, when, when, ind_id, od_id, identity_id_);
  o += marking;
  objects_ += 3;
  sink_(o);
  Ref(ind_id);
  Ref(od_id);
  Ref(sighting_id);
  return true;
}

Status StixBundleWriter::Finish() {
  const std::string& common = common_;
  const std::string& marking = markings_[static_cast<int>(tlp_)];
  const std::string incident_id = OwnId("incident", h_.key);
  std::string incident = fmt::format(R"({{"type":"incident","id":"{}",{})", incident_id, common);
  Str("name", h_.name, &incident);
  Str("description", fmt::format("{} indicator(s) sighted by {}", indicators_, h_.team_name),
      &incident);
  Object(incident + marking);

  std::string report = fmt::format(R"({{"type":"report","id":"{}",{},"published":"{}",)"
                                   R"("report_types":["indicator","observed-data"])",
                                   OwnId("report", h_.key), common, created_);
  Str("name", h_.name, &report);
  report += fmt::format(R"(,"object_refs":["{}","{}")", incident_id, identity_id_);
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
    Object(fmt::format(R"({{"type":"marking-definition","spec_version":"2.1","id":"{}",)"
                       R"("created":"2022-10-01T00:00:00.000Z","name":"TLP:{}","extensions":)"
                       R"({{"{}":{{"extension_type":"property-extension","tlp_2_0":"{}"}}}}}})",
                       kTlpMarkings[t], TlpName(static_cast<Tlp>(t)), kTlpExtension, kTlpValues[t]));
  }
  sink_("\n]}\n");
  return Ok();
}

}  // namespace belfry
