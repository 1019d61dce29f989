#include "parse/parsers/shadowserver/conversions.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "core/base64.h"
#include "core/date_time.h"
#include "core/text.h"
#include "model/ip_address.h"
#include "model/value_sanitizer.h"

namespace belfry {
namespace {

struct Named {
  std::string_view name;
  ConversionId id;
};
constexpr Named kConversions[] = {
    {"add_UTC_to_timestamp", ConversionId::kAddUtcToTimestamp},
    {"convert_bool", ConversionId::kConvertBool},
    {"validate_to_none", ConversionId::kValidateToNone},
    {"convert_int", ConversionId::kConvertInt},
    {"convert_float", ConversionId::kConvertFloat},
    {"convert_http_host_and_url", ConversionId::kConvertHttpHostAndUrl},
    {"invalidate_zero", ConversionId::kInvalidateZero},
    {"validate_ip", ConversionId::kValidateIp},
    {"validate_network", ConversionId::kValidateNetwork},
    {"validate_fqdn", ConversionId::kValidateFqdn},
    {"convert_date", ConversionId::kConvertDate},
    {"convert_date_utc", ConversionId::kConvertDateUtc},
    {"force_base64", ConversionId::kForceBase64},
    {"scan_exchange_taxonomy", ConversionId::kScanExchangeTaxonomy},
    {"scan_exchange_type", ConversionId::kScanExchangeType},
    {"scan_exchange_identifier", ConversionId::kScanExchangeIdentifier},
    {"category_or_detail", ConversionId::kCategoryOrDetail},
    {"extract_cve_from_tag", ConversionId::kExtractCveFromTag},
};

Result<int64_t> PythonInt(std::string_view v) {
  auto n = ParseInt64(v);
  if (!n)
    return Fail(
        Error::InvalidInput(fmt::format("invalid literal for int(): '{}'", v.substr(0, 80))));
  return *n;
}

ConvValue DateOrNone(std::string_view v, std::string* scratch) {
  auto t = ParseDateTimeMicros(v);
  if (!t) return ConvValue::None();
  *scratch = FormatIsoUtc(*t);
  return ConvValue::String(*scratch);
}

// Python's re.sub(r'^[^/]*', '', path) then re.sub(r'\s.*$', '', path).
std::string_view UrlPath(std::string_view path) {
  size_t slash = path.find('/');
  if (slash == std::string_view::npos) return {};
  path.remove_prefix(slash);
  size_t ws = path.find_first_of(" \t\r\n\f\v");
  if (ws != std::string_view::npos) path = path.substr(0, ws);
  return path;
}

bool IsStrictBase64(std::string_view v) {
  // base64.b64decode(validate=True): alphabet only, length a multiple of 4, padding at end.
  if (v.size() % 4 != 0) return false;
  size_t pad = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '+' || c == '/';
    if (c == '=') {
      ++pad;
      continue;
    }
    if (!alpha || pad) return false;
  }
  return pad <= 2;
}

}  // namespace

std::optional<ConversionId> FindConversion(std::string_view name) {
  for (const auto& c : kConversions)
    if (c.name == name) return c.id;
  return std::nullopt;
}

Result<ConvValue> ApplyConversion(ConversionId id, std::string_view value, const RowLookup& row,
                                  std::string* scratch) {
  auto keep = [&](JsonKind kind, std::string s) {
    *scratch = std::move(s);
    return ConvValue::Of(kind, *scratch);
  };
  switch (id) {
    case ConversionId::kNone:
      return ConvValue::String(value);
    case ConversionId::kAddUtcToTimestamp: {
      scratch->assign(value);
      scratch->append(" UTC");
      return ConvValue::String(*scratch);
    }
    case ConversionId::kConvertBool: {
      std::string v = AsciiLowerCopy(value);
      if (v == "y" || v == "yes" || v == "true" || v == "enabled" || v == "1")
        return ConvValue::Of(JsonKind::kBool, "true");
      if (v == "n" || v == "no" || v == "false" || v == "disabled" || v == "0")
        return ConvValue::Of(JsonKind::kBool, "false");
      return ConvValue::None();
    }
    case ConversionId::kValidateToNone:
      if (value.empty() || value == "0" || value == "unknown") return ConvValue::None();
      return ConvValue::String(value);
    case ConversionId::kConvertInt: {
      if (value.empty()) return ConvValue::None();
      if (IsCanonicalInteger(value)) return ConvValue::Of(JsonKind::kInteger, value);
      auto n = PythonInt(value);
      if (!n) return Fail(n.error());
      return keep(JsonKind::kInteger, fmt::format_int(*n).str());
    }
    case ConversionId::kConvertFloat: {
      if (value.empty()) return ConvValue::None();
      auto d = ParseDouble(value);
      if (!d)
        return Fail(Error::InvalidInput(
            fmt::format("could not convert string to float: '{}'", value.substr(0, 80))));
      return keep(JsonKind::kFloat, FormatDouble(*d));
    }
    case ConversionId::kConvertHttpHostAndUrl: {
      std::string_view host, path;
      if (auto h = row("cc_dns"))
        host = *h;
      else if (auto h2 = row("http_host"))
        host = *h2;
      if (auto u = row("url"))
        path = *u;
      else if (auto u2 = row("http_url"))
        path = *u2;
      if (!host.empty() && !path.empty()) {
        std::string_view app = "http";
        if (auto a = row("application"); a && (*a == "http" || *a == "https")) app = *a;
        return keep(JsonKind::kString, fmt::format("{}://{}{}", app, host, UrlPath(path)));
      }
      return ConvValue::String(value);
    }
    case ConversionId::kInvalidateZero: {
      if (value.empty()) return ConvValue::None();
      if (IsCanonicalInteger(value))
        return value == "0" ? ConvValue::None() : ConvValue::Of(JsonKind::kInteger, value);
      auto n = PythonInt(value);
      if (!n) return Fail(n.error());
      if (*n == 0) return ConvValue::None();
      return keep(JsonKind::kInteger, fmt::format_int(*n).str());
    }
    case ConversionId::kValidateIp: {
      if (value == "0.0.0.0" || value.find('/') != std::string_view::npos) return ConvValue::None();
      std::string tmp;
      if (!SanitizeByType(FieldType::kIPAddress, value, &tmp)) return ConvValue::None();
      return ConvValue::String(value);
    }
    case ConversionId::kValidateNetwork: {
      std::string tmp;
      if (value.find('/') == std::string_view::npos ||
          !SanitizeByType(FieldType::kIPNetwork, value, &tmp))
        return ConvValue::None();
      return ConvValue::String(value);
    }
    case ConversionId::kValidateFqdn: {
      std::string tmp;
      if (value.empty() || !SanitizeByType(FieldType::kFQDN, value, &tmp)) return ConvValue::None();
      return ConvValue::String(value);
    }
    case ConversionId::kConvertDate:
      return DateOrNone(value, scratch);
    case ConversionId::kConvertDateUtc:
      return DateOrNone(fmt::format("{}+00:00", value), scratch);
    case ConversionId::kForceBase64:
      if (value.empty()) return ConvValue::None();
      if (IsStrictBase64(value)) return ConvValue::String(value);
      return keep(JsonKind::kString, EncodeBase64(value));
    case ConversionId::kScanExchangeTaxonomy:
      return ConvValue::String(value == "exchange;webshell" ? "intrusions" : "vulnerable");
    case ConversionId::kScanExchangeType:
      return ConvValue::String(value == "exchange;webshell" ? "system-compromise"
                                                            : "infected-system");
    case ConversionId::kScanExchangeIdentifier:
      return ConvValue::String(value == "exchange;webshell" ? "exchange-server-webshell"
                                                            : "vulnerable-exchange-server");
    case ConversionId::kCategoryOrDetail: {
      if (!value.empty()) return ConvValue::String(value);
      auto detail = row("detail");
      if (detail && !detail->empty()) return ConvValue::String(*detail);
      return ConvValue::None();
    }
    case ConversionId::kExtractCveFromTag: {
      // Tags are ';'-separated (some feeds use ','): keep the cve-YYYY-N items, lowercase,
      // sorted and unique, joined by ';'.
      // Fast path: most tags name no CVE.
      bool maybe = false;
      for (size_t i = 0; i + 3 <= value.size() && !maybe; ++i)
        maybe = (value[i] | 0x20) == 'c' && (value[i + 1] | 0x20) == 'v' &&
                (value[i + 2] | 0x20) == 'e';
      if (!maybe) return ConvValue::None();
      std::vector<std::string> cves;
      size_t start = 0;
      while (start <= value.size()) {
        size_t end = value.find_first_of(";,", start);
        if (end == std::string_view::npos) end = value.size();
        std::string item = AsciiLowerCopy(TrimAscii(value.substr(start, end - start)));
        if (item.size() > 9 && item.rfind("cve-", 0) == 0) {
          bool ok = item[8] == '-';
          for (size_t i = 4; ok && i < item.size(); ++i)
            ok = (i == 8) || (item[i] >= '0' && item[i] <= '9');
          if (ok) cves.push_back(std::move(item));
        }
        start = end + 1;
      }
      if (cves.empty()) return ConvValue::None();
      std::sort(cves.begin(), cves.end());
      cves.erase(std::unique(cves.begin(), cves.end()), cves.end());
      std::string joined;
      for (const auto& c : cves) {
        if (!joined.empty()) joined.push_back(';');
        joined.append(c);
      }
      return keep(JsonKind::kString, std::move(joined));
    }
  }
  return Fail(Error::Internal("unknown conversion"));
}

}  // namespace belfry
