#include "model/value_sanitizer.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <cmath>

#include "core/date_time.h"
#include "core/text.h"
#include "model/ip_address.h"
#include "model/taxonomy.h"
#include "model/tlp.h"

namespace belfry {
namespace {

Error Invalid(std::string_view why) { return Error::InvalidInput(std::string(why)); }

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool IsPrintableAscii(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

bool IsTransportProtocol(std::string_view v) {
  // IANA protocol keywords accepted by harmonization.conf's iregex for protocol.transport.
  static constexpr std::string_view kNames[] = {
      "ip",         "icmp",      "igmp",        "ggp",       "ipencap",    "st2",
      "tcp",        "cbt",       "egp",         "igp",       "bbn-rcc",    "nvp",
      "nvp-ii",     "pup",       "argus",       "emcon",     "xnet",       "chaos",
      "udp",        "mux",       "dcn",         "hmp",       "prm",        "xns-idp",
      "trunk-1",    "trunk-2",   "leaf-1",      "leaf-2",    "rdp",        "irtp",
      "iso-tp4",    "netblt",    "mfe-nsp",     "merit-inp", "sep",        "3pc",
      "idpr",       "xtp",       "ddp",         "idpr-cmtp", "tp++",       "il",
      "ipv6",       "sdrp",      "ipv6-route",  "ipv6-frag", "idrp",       "rsvp",
      "gre",        "mhrp",      "bna",         "esp",       "ah",         "i-nlsp",
      "swipe",      "narp",      "mobile",      "tlsp",      "skip",       "ipv6-icmp",
      "ipv6-nonxt", "ipv6-opts", "cftp",        "sat-expak", "kryptolan",  "rvd",
      "ippc",       "sat-mon",   "visa",        "ipcv",      "cpnx",       "cphb",
      "wsn",        "pvp",       "br-sat-mon",  "sun-nd",    "wb-mon",     "wb-expak",
      "iso-ip",     "vmtp",      "secure-vmtp", "vines",     "ttp",        "nsfnet-igp",
      "dgp",        "tcf",       "eigrp",       "ospf",      "sprite-rpc", "larp",
      "mtp",        "ax.25",     "ipip",        "micp",      "scc-sp",     "etherip",
      "encap",      "gmtp",      "ifmp",        "pnni",      "pim",        "aris",
      "scps",       "qnx",       "a/n",         "ipcomp",    "snp",        "compaq-peer",
      "ipx-in-ip",  "vrrp",      "pgm",         "l2tp",      "ddx",        "iatp",
      "st",         "srp",       "uti",         "smp",       "sm",         "ptp",
      "isis",       "fire",      "crtp",        "crdup",     "sscopmce",   "iplt",
      "sps",        "pipe",      "sctp",        "fc",        "divert"};
  if (v == "tcp" || v == "udp") return true;
  for (auto n : kNames)
    if (EqualsIgnoreCase(n, v)) return true;
  // "ax.25": the iregex's '.' matches any character.
  return v.size() == 5 && EqualsIgnoreCase(v.substr(0, 2), "ax") && v.substr(3) == "25";
}

bool CheckPattern(Pattern p, std::string_view v) {
  switch (p) {
    case Pattern::kNone:
      return true;
    case Pattern::kPrintableAscii:
      return IsPrintableAscii(v);
    case Pattern::kCountryCode: {
      auto alnum = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      };
      return v.size() == 2 && alnum(v[0]) && alnum(v[1]);
    }
    case Pattern::kNoTrailingDot:
      return !v.empty() && v.back() != '.';
    case Pattern::kEventHash:
      for (char c : v)
        if (!((c >= 'A' && c <= 'F') || (c >= '0' && c <= '9') || c == '.' || c == '/'))
          return false;
      return !v.empty();
    case Pattern::kUuid: {
      if (v.size() != 36) return false;
      for (size_t i = 0; i < 36; ++i) {
        char c = v[i];
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-' : !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
      }
      return true;
    }
    case Pattern::kTransportProtocol:
      return IsTransportProtocol(v);
  }
  return false;
}

Status SanitizeFqdn(std::string_view v, std::string* out) {
  if (!v.empty() && v.back() == '.') v.remove_suffix(1);
  if (v.empty()) return Fail(Invalid("empty domain name"));
  if (v.size() > 253) return Fail(Invalid("domain name longer than 253 characters"));
  if (IpAddress::Parse(v)) return Fail(Invalid("an IP address is not a domain name"));
  size_t label = 0;
  for (unsigned char c : v) {
    if (c == ':' || c <= 0x20 || c == 0x7f || c == '/' || c == '\\')
      return Fail(Invalid("character not allowed in a domain name"));
    if (c == '.') {
      if (label == 0) return Fail(Invalid("empty label in domain name"));
      label = 0;
      continue;
    }
    if (++label > 63) return Fail(Invalid("domain label longer than 63 characters"));
  }
  if (v.front() == '.') return Fail(Invalid("domain name starts with a dot"));
  size_t start = out->size();
  out->append(v);
  for (size_t i = start; i < out->size(); ++i) (*out)[i] = AsciiLower((*out)[i]);
  return Ok();
}

Status SanitizeUrl(std::string_view v, std::string* out) {
  std::string tmp;
  if (StartsWithIgnoreCase(v, "hxxp")) {
    tmp = "http";
    tmp.append(v.substr(4));
    v = tmp;
  }
  size_t scheme_end = v.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0)
    return Fail(Invalid("URL has no scheme://host"));
  for (size_t i = 0; i < scheme_end; ++i) {
    char c = v[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return Fail(Invalid("bad URL scheme"));
  }
  std::string_view rest = v.substr(scheme_end + 3);
  size_t host_end = rest.find_first_of("/?#");
  if (rest.substr(0, host_end).empty()) return Fail(Invalid("URL has no host"));
  for (unsigned char c : v)
    if (c <= 0x20 || c == 0x7f)
      return Fail(Invalid("URL contains whitespace or control characters"));
  out->append(v);
  return Ok();
}

}  // namespace

Status SanitizeByType(FieldType type, std::string_view raw, std::string* out) {
  std::string_view v = TrimAscii(raw);
  if (v.empty()) return Fail(Invalid("empty value"));
  if (!IsValidUtf8(v)) return Fail(Invalid("invalid UTF-8"));
  switch (type) {
    case FieldType::kString:
    case FieldType::kBase64:
      out->append(v);
      return Ok();
    case FieldType::kLowercaseString: {
      size_t s = out->size();
      out->append(v);
      for (size_t i = s; i < out->size(); ++i) (*out)[i] = AsciiLower((*out)[i]);
      return Ok();
    }
    case FieldType::kUppercaseString: {
      size_t s = out->size();
      out->append(v);
      for (size_t i = s; i < out->size(); ++i) (*out)[i] = AsciiUpper((*out)[i]);
      return Ok();
    }
    case FieldType::kBoolean: {
      if (EqualsIgnoreCase(v, "true") || v == "1")
        out->append("true");
      else if (EqualsIgnoreCase(v, "false") || v == "0")
        out->append("false");
      else
        return Fail(Invalid("not a boolean"));
      return Ok();
    }
    case FieldType::kInteger: {
      if (IsCanonicalInteger(v)) {
        out->append(v);
        return Ok();
      }
      auto n = ParseInt64(v);
      if (!n) {
        // Python's int(float('80.0')) path: IntelMQ accepts integral floats.
        auto d = ParseDouble(v);
        if (!d || std::floor(*d) != *d || std::fabs(*d) > 9e15)
          return Fail(Invalid("not an integer"));
        n = static_cast<int64_t>(*d);
      }
      out->append(fmt::format_int(*n).str());
      return Ok();
    }
    case FieldType::kASN: {
      if (StartsWithIgnoreCase(v, "AS")) v.remove_prefix(2);
      if (IsCanonicalInteger(v) && v.front() != '-' && v != "0" && v.size() <= 9) {
        out->append(v);  // 1..999,999,999: in range without converting
        return Ok();
      }
      auto n = ParseInt64(v);
      if (!n || *n < 1 || *n > 4294967295LL)
        return Fail(Invalid("not an AS number (1..4294967295)"));
      out->append(fmt::format_int(*n).str());
      return Ok();
    }
    case FieldType::kFloat:
    case FieldType::kAccuracy: {
      auto d = ParseDouble(v);
      if (!d || std::isnan(*d) || std::isinf(*d)) return Fail(Invalid("not a number"));
      if (type == FieldType::kAccuracy && (*d < 0 || *d > 100))
        return Fail(Invalid("accuracy outside 0..100"));
      out->append(FormatDouble(*d));
      return Ok();
    }
    case FieldType::kDateTime: {
      auto t = ParseDateTimeMicros(v);
      if (!t) return Fail(t.error());
      AppendIsoUtc(*t, out);
      return Ok();
    }
    case FieldType::kIPAddress: {
      auto a = IpAddress::Parse(v);
      if (!a) return Fail(a.error());
      if (a->IsUnspecified()) return Fail(Invalid("unspecified address"));
      a->AppendTo(out);
      return Ok();
    }
    case FieldType::kIPNetwork: {
      auto n = IpNetwork::Parse(v);
      if (!n) return Fail(n.error());
      out->append(n->ToString());
      return Ok();
    }
    case FieldType::kFQDN:
      return SanitizeFqdn(v, out);
    case FieldType::kURL:
      return SanitizeUrl(v, out);
    case FieldType::kJSON:
    case FieldType::kJSONDict: {
      simdjson::dom::parser parser;
      simdjson::padded_string padded(v);
      simdjson::dom::element doc;
      if (parser.parse(padded).get(doc)) return Fail(Invalid("not valid JSON"));
      if (type == FieldType::kJSONDict && !doc.is_object())
        return Fail(Invalid("not a JSON object"));
      out->append(simdjson::minify(doc));
      return Ok();
    }
    case FieldType::kClassificationTaxonomy: {
      auto t = Taxonomy::CanonicalTaxonomy(v);
      if (!t) return Fail(Invalid("not an RSIT classification taxonomy"));
      out->append(*t);
      return Ok();
    }
    case FieldType::kClassificationType: {
      auto t = Taxonomy::CanonicalType(v);
      if (!t) return Fail(Invalid("not an RSIT classification type"));
      out->append(*t);
      return Ok();
    }
    case FieldType::kRegistry: {
      std::string up;
      for (char c : v) up.push_back(AsciiUpper(c));
      if (up == "RIPE-NCC") up = "RIPE";
      if (up != "AFRINIC" && up != "APNIC" && up != "ARIN" && up != "LACNIC" && up != "RIPE")
        return Fail(Invalid("not a regional internet registry"));
      out->append(up);
      return Ok();
    }
    case FieldType::kTLP: {
      auto t = ParseTlp(v);
      if (!t) return Fail(Invalid("not a TLP label"));
      out->append(TlpName(*t));
      return Ok();
    }
  }
  return Fail(Error::Internal("unhandled field type"));
}

Status SanitizeValue(FieldId id, std::string_view value, std::string* out) {
  const FieldSpec& spec = FieldRegistry::Spec(id);
  size_t start = out->size();
  auto r = SanitizeByType(spec.type, value, out);
  if (!r) {
    return Fail(
        Error::InvalidInput(fmt::format("invalid value for {} ({}): {}", spec.name,
                                        FieldRegistry::TypeName(spec.type), r.error().message())));
  }
  std::string_view norm(out->data() + start, out->size() - start);
  bool length_ok = spec.max_length == 0 || spec.type == FieldType::kInteger ||
                   CodePoints(norm) <= spec.max_length;
  if (!length_ok || !CheckPattern(spec.pattern, norm)) {
    out->resize(start);
    return Fail(Error::InvalidInput(fmt::format(
        "invalid value for {}: '{}' does not match its format", spec.name, value.substr(0, 80))));
  }
  return Ok();
}

}  // namespace belfry
