#include "share/xarf_report.h"

#include <fmt/format.h>

#include <random>

#include "core/date_time.h"
#include "core/json_object.h"
#include "core/text.h"
#include "model/field_registry.h"

namespace belfry {

namespace {

std::string FieldText(const Event& event, FieldId id) {
  auto v = event.Get(id);
  return v ? std::string(*v) : std::string();
}

// X-ARF wants RFC 3339 "Z" times.
std::string XarfTime(int64_t micros) {
  std::string s = FormatIsoUtc(micros);
  if (s.size() >= 6 && s.compare(s.size() - 6, 6, "+00:00") == 0) s.replace(s.size() - 6, 6, "Z");
  return s;
}

// A tag value: [a-z0-9][a-z0-9_+-]*.
std::string TagValue(std::string_view v) {
  std::string out;
  for (char c : AsciiLowerCopy(v)) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '+' ||
              c == '-';
    out.push_back(ok ? c : '_');
  }
  while (!out.empty() && (out[0] == '_' || out[0] == '+' || out[0] == '-')) out.erase(0, 1);
  return out;
}

}  // namespace

std::string NewUuid() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t a = rng(), b = rng();
  a = (a & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  b = (b & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant 1
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", a >> 32, (a >> 16) & 0xFFFF,
                     a & 0xFFFF, b >> 48, b & 0xFFFFFFFFFFFFULL);
}

std::string XarfReport(const Event& e, const XarfReporter& reporter, const std::string& report_id,
                       int64_t now) {
  const std::string type = FieldText(e, fields::kClassificationType);
  const std::string identifier = FieldText(e, fields::kClassificationIdentifier);
  std::string source = FieldText(e, fields::kSourceIp);
  if (source.empty()) source = FieldText(e, fields::kSourceFqdn);
  if (source.empty()) source = FieldText(e, fields::kSourceUrl);
  int64_t port = 0;
  if (auto p = ParseInt64(FieldText(e, fields::kSourcePort)); p && *p >= 1 && *p <= 65535) port = *p;
  std::string transport = AsciiLowerCopy(FieldText(e, fields::kProtocolTransport));
  std::string application = FieldText(e, fields::kProtocolApplication);
  int64_t when = now * 1000000;
  if (auto t = e.Get(fields::kTimeSource)) {
    if (auto m = ParseDateTimeMicros(*t)) when = *m;
  }
  const std::string time = XarfTime(when);

  std::string category = "reputation", xtype = "blocklist", evidence_source = "threat_intelligence";
  JsonObject specific;
  if (type == "vulnerable-system" || type == "potentially-unwanted-accessible" ||
      type == "weak-crypto" || type == "information-disclosure" ||
      (type == "other" && !application.empty())) {
    category = "vulnerability";
    xtype = "open_service";
    evidence_source = "vulnerability_scan";
    specific.Str("service", !application.empty() ? application
                            : !identifier.empty() ? identifier : "unknown");
    if (port) specific.Int("service_port", port);
  } else if (type == "infected-system" && (transport == "tcp" || transport == "udp" ||
                                           transport.empty())) {
    category = "connection";
    xtype = "infected_host";
    evidence_source = "traffic_analysis";
    specific.Str("bot_type", "malicious").Str("first_seen", time)
        .Str("protocol", transport.empty() ? "tcp" : transport);
    if (auto m = e.Get(fields::kMalwareName)) specific.Str("malware_family", *m);
  } else if (type == "brute-force" && port &&
             (transport == "tcp" || transport == "udp" || transport.empty())) {
    category = "connection";
    xtype = "login_attack";
    evidence_source = "honeypot";
    specific.Str("first_seen", time).Str("protocol", transport.empty() ? "tcp" : transport);
  } else if (type == "system-compromise" || type == "application-compromise") {
    category = "infrastructure";
    xtype = "compromised_server";
    specific.Str("compromise_method", identifier.empty() ? "unknown" : identifier);
  } else if (type == "c2-server") {
    category = "infrastructure";
    xtype = "botnet";
    specific.Str("compromise_evidence",
                 fmt::format("command-and-control server{}{}", identifier.empty() ? "" : ": ",
                             identifier));
    if (auto m = e.Get(fields::kMalwareName)) specific.Str("malware_family", *m);
  } else {
    specific.Str("threat_type", type.empty() ? "unknown" : type);
  }

  std::string tags = "[";
  auto tag = [&](std::string_view ns, std::string_view value) {
    std::string v = TagValue(value);
    if (v.empty()) return;
    if (tags.size() > 1) tags += ",";
    AppendJsonString(fmt::format("{}:{}", ns, v), &tags);
  };
  tag("rsit", type);
  tag("identifier", identifier);
  if (auto m = e.Get(fields::kMalwareName)) tag("malware", *m);
  tags += "]";

  std::string description = fmt::format("{} reported {}{}{}", reporter.org,
                                        type.empty() ? "an event" : type,
                                        identifier.empty() ? "" : " / ", identifier);
  if (description.size() > 1000) description.resize(1000);
  JsonObject who;
  who.Str("org", reporter.org).Str("contact", reporter.contact).Str("domain", reporter.domain);
  const std::string who_json = who.Done();
  JsonObject out;
  out.Str("xarf_version", "4.2.0")
      .Str("report_id", report_id)
      .Str("timestamp", time)
      .Raw("reporter", who_json)
      .Raw("sender", who_json)
      .Str("source_identifier", source.empty() ? "unknown" : source);
  if (port) out.Int("source_port", port);
  out.Str("category", category).Str("type", xtype).Str("evidence_source", evidence_source)
      .Str("description", description).Raw("tags", tags);
  std::string body = out.Done();
  std::string extra = specific.Done();  // "{...}": merge its members into the report
  if (extra.size() > 2) {
    body.pop_back();
    body += ",";
    body.append(extra, 1, std::string::npos);
  }
  return body;
}

}  // namespace belfry
