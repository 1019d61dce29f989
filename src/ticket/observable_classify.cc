// The token classifier of the observable extractor: IPv4, IPv6, CIDR, URL, e-mail, domain
// (with a real top-level domain), hash, CVE, each normalised.
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <unordered_set>

#include "core/text.h"
#include "model/ip_address.h"
#include "ticket/observable_scan.h"

extern const std::string_view kBundledTlds;  // data/publicsuffix/tlds.txt

namespace belfry::observables_internal {
namespace {

const std::unordered_set<std::string_view>& Tlds() {
  static const auto* set = [] {
    // RFC 2606's reserved names count too: documentation and test data use them.
    auto* s = new std::unordered_set<std::string_view>({"example", "test", "invalid"});
    std::string_view all = kBundledTlds;
    while (!all.empty()) {
      size_t nl = all.find('\n');
      std::string_view line = all.substr(0, nl);
      if (!line.empty()) s->insert(line);
      if (nl == std::string_view::npos) break;
      all.remove_prefix(nl + 1);
    }
    return s;
  }();
  return *set;
}

bool IsLabelChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

// A host name with a known top-level domain, lowercased; "" when it is not one.
std::string NormaliseDomain(std::string_view s) {
  if (s.size() < 4 || s.size() > 253) return {};
  // The top-level domain first: most dotted words in logs (file names, versions) end in
  // none, and are refused before anything is built.
  size_t dot = s.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  std::string_view tld_in = s.substr(dot + 1);
  if (tld_in.size() < 2 || tld_in.size() > 63) return {};
  char tld[64];
  for (size_t i = 0; i < tld_in.size(); ++i) tld[i] = AsciiLower(tld_in[i]);
  if (!Tlds().count(std::string_view(tld, tld_in.size()))) return {};
  std::string out;
  out.reserve(s.size());
  size_t label_start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '.') {
      size_t len = i - label_start;
      if (len == 0 || len > 63) return {};
      if (s[label_start] == '-' || s[i - 1] == '-') return {};
      label_start = i + 1;
      if (i < s.size()) out.push_back('.');
      continue;
    }
    if (!IsLabelChar(s[i])) return {};
    out.push_back(AsciiLower(s[i]));
  }
  return out;
}

// Strict dotted quad, as IpAddress::Parse reads it (no leading zeros), without building an
// error for the many words that are not one: the extractor's hot path.
bool IsCanonicalIpv4(std::string_view s) {
  if (s.size() < 7 || s.size() > 15) return false;
  int octets = 0;
  size_t i = 0;
  while (true) {
    size_t start = i;
    unsigned v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 3) v = v * 10 + (s[i++] - '0');
    size_t len = i - start;
    if (len == 0 || v > 255 || (len > 1 && s[start] == '0')) return false;
    if (++octets == 4) return i == s.size();
    if (i >= s.size() || s[i] != '.') return false;
    ++i;
  }
}

// RFC 5952 text of an IPv6 address: lowercase hex, no leading zeros, the longest run of
// two or more zero groups as "::" (the first of equal runs). Hand-written: glibc's
// inet_ntop goes through sprintf and costs more than the rest of the extraction per hit.
std::string Ipv6Text(const std::array<uint8_t, 16>& b) {
  uint16_t g[8];
  for (int i = 0; i < 8; ++i) g[i] = static_cast<uint16_t>(b[2 * i] << 8 | b[2 * i + 1]);
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (g[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && g[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) {
      best = i;
      best_len = j - i;
    }
    i = j;
  }
  static constexpr char kHexDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(39);
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out.push_back(':');
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int d = (g[i] >> shift) & 0xF;
      if (d || started || shift == 0) {
        out.push_back(kHexDigits[d]);
        started = true;
      }
    }
  }
  return out;
}

std::optional<Observable> IpObservable(std::string_view s) {
  if (s.find(':') == std::string_view::npos) {
    if (!IsCanonicalIpv4(s) || s == "0.0.0.0") return std::nullopt;
    return Observable{ObservableType::kIp, std::string(s)};
  }
  auto ip = IpAddress::Parse(s);
  if (!ip || ip->IsUnspecified()) return std::nullopt;
  if (ip->is_v4()) return Observable{ObservableType::kIp, ip->ToString()};  // ::ffff:a.b.c.d
  return Observable{ObservableType::kIp, Ipv6Text(ip->bytes())};
}

// "192.0.2.1", "192.0.2.0/24", "192.0.2.1:22" (the port dropped).
std::optional<Observable> Ipv4Like(std::string_view t) {
  size_t i = 0, dots = 0;
  while (i < t.size() && ((Cls(t[i]) & kDigit) || t[i] == '.')) dots += t[i++] == '.';
  if (dots != 3 || i < 7) return std::nullopt;
  std::string_view addr = t.substr(0, i), rest = t.substr(i);
  if (rest.empty()) return IpObservable(addr);
  if (rest[0] == '/') {
    auto bits = ParseInt64(rest.substr(1));
    if (!bits || *bits < 0 || *bits > 32 || rest.size() > 3) return std::nullopt;
    auto net = IpNetwork::Parse(t);
    if (!net) return std::nullopt;
    if (*bits == 32) return IpObservable(addr);
    return Observable{ObservableType::kCidr, net->ToString()};
  }
  if (rest[0] == ':') {
    auto port = ParseInt64(rest.substr(1));
    if (!port || *port < 0 || *port > 65535) return std::nullopt;
    return IpObservable(addr);
  }
  return std::nullopt;
}

// "2001:db8::1", "[2001:db8::1]:443", "2001:db8::/32", "::ffff:192.0.2.1".
std::optional<Observable> Ipv6Like(std::string_view t) {
  // Cheap refusals first: a time of day ("10:59:08") or a "key:value" is no address.
  if (t.size() < 3 || (!(Cls(t[0]) & kHex) && t[0] != ':' && t[0] != '[')) return std::nullopt;
  if (!t.empty() && t[0] == '[') {
    size_t close = t.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view rest = t.substr(close + 1);
    if (!rest.empty() && (rest[0] != ':' || !ParseInt64(rest.substr(1)))) return std::nullopt;
    t = t.substr(1, close - 1);
  }
  size_t colons = std::count(t.begin(), t.end(), ':');
  if (colons < 2 || t.size() > 49) return std::nullopt;
  // Without "::" an IPv6 address has all eight groups (seven colons, or six and a dotted
  // IPv4 tail): "10:59:08" is a time, not an address, and costs no parse.
  if (t.find("::") == std::string_view::npos && colons != 7 &&
      !(colons == 6 && t.find('.') != std::string_view::npos))
    return std::nullopt;
  bool hex_digit = false;
  for (char c : t) {
    uint8_t k = Cls(c);
    if (k & kHex) {
      hex_digit = true;
    } else if (c != ':' && c != '.' && c != '/') {
      return std::nullopt;
    }
  }
  if (!hex_digit) return std::nullopt;
  size_t slash = t.find('/');
  if (slash != std::string_view::npos) {
    auto bits = ParseInt64(t.substr(slash + 1));
    auto net = IpNetwork::Parse(t);
    if (!bits || !net) return std::nullopt;
    int max = net->first().is_v4() ? 32 : 128;
    if (net->prefix_length() == max) return IpObservable(t.substr(0, slash));
    return Observable{ObservableType::kCidr, net->ToString()};
  }
  return IpObservable(t);
}

bool IsCve(std::string_view t) {
  if (t.size() < 13 || t.size() > 16 || !StartsWithIgnoreCase(t, "cve-")) return false;
  for (size_t i = 4; i < 8; ++i)
    if (!(Cls(t[i]) & kDigit)) return false;
  if (t[8] != '-') return false;
  for (size_t i = 9; i < t.size(); ++i)
    if (!(Cls(t[i]) & kDigit)) return false;
  return true;
}

// The host of a URL as an observable (IP or domain).
std::optional<Observable> HostObservable(std::string_view host) {
  if (host.empty()) return std::nullopt;
  if (host[0] == '[') {
    size_t close = host.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    return IpObservable(host.substr(1, close - 1));
  }
  if (std::count(host.begin(), host.end(), ':') > 1) return Ipv6Like(host);  // unbracketed
  size_t colon = host.rfind(':');
  if (colon != std::string_view::npos) host = host.substr(0, colon);
  if (auto ip = IpObservable(host)) return ip;
  std::string d = NormaliseDomain(host);
  if (d.empty()) return std::nullopt;
  return Observable{ObservableType::kDomain, std::move(d)};
}

void AddUrl(std::string_view t, size_t offset, size_t length, std::vector<ObservableHit>* out) {
  size_t sep = t.find("://");
  std::string scheme = AsciiLowerCopy(t.substr(0, sep));
  // Text before the scheme ("url:http://...", "(http://...") is not part of it.
  for (std::string_view known : {"https", "http", "sftp", "ftps", "ftp"}) {
    if (scheme.size() > known.size() && scheme.ends_with(known) &&
        !IsLabelChar(scheme[scheme.size() - known.size() - 1])) {
      scheme = std::string(known);
      break;
    }
  }
  if (scheme != "http" && scheme != "https" && scheme != "ftp" && scheme != "ftps" &&
      scheme != "sftp")
    return;
  std::string_view rest = t.substr(sep + 3);
  size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  std::string_view path = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  // Credentials never become an observable (evidence lines keep them, masked when mailed).
  std::string user;
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    user = std::string(userinfo.substr(0, userinfo.find(':')));
    authority = authority.substr(at + 1);
  }
  auto host = HostObservable(authority);
  if (!host) return;
  std::string value = scheme + "://";
  if (!user.empty()) value += user + "@";
  value += AsciiLowerCopy(authority);
  value += path;
  out->push_back({Observable{ObservableType::kUrl, std::move(value)}, offset, length});
  out->push_back({std::move(*host), offset, length});
}

void AddEmail(std::string_view t, size_t offset, size_t length, std::vector<ObservableHit>* out) {
  size_t at = t.find('@');
  if (at == 0 || at != t.rfind('@') || at > 64) return;
  std::string_view local = t.substr(0, at);
  for (char c : local) {
    if (!IsLabelChar(c) && c != '.' && c != '+' && c != '%') return;
  }
  if (local.front() == '.' || local.back() == '.') return;
  std::string domain = NormaliseDomain(t.substr(at + 1));
  if (domain.empty()) return;
  out->push_back({Observable{ObservableType::kEmail, AsciiLowerCopy(local) + "@" + domain},
                  offset, length});
}

std::string_view StripPunctuation(std::string_view t) {
  while (!t.empty() && (t.front() == '(' || t.front() == '*' || t.front() == '.' ||
                        (t.front() == ':' && !t.starts_with("::")) || t.front() == '/'))
    t.remove_prefix(1);
  // A leading '[' stays for "[2001:db8::1]:443"; an unmatched one goes.
  if (!t.empty() && t.front() == '[' && t.find(']') == std::string_view::npos) t.remove_prefix(1);
  while (!t.empty()) {
    char c = t.back();
    if (c == '.' || c == ',' || c == '!' || c == '?' || c == '*' || c == ')' ||
        (c == ':' && t.size() > 1 && t[t.size() - 2] != ':') ||
        (c == ']' && t.find('[') == std::string_view::npos)) {
      t.remove_suffix(1);
    } else {
      break;
    }
  }
  return t;
}

}  // namespace

void ClassifyToken(std::string_view t, size_t offset, size_t length, uint8_t seen,
                   std::vector<ObservableHit>* out) {
  t = StripPunctuation(t);
  if (t.size() < 4) return;
  if ((seen & kColon) && t.find("://") != std::string_view::npos)
    return AddUrl(t, offset, length, out);
  if (seen & kAt) return AddEmail(t, offset, length, out);
  const char first = t[0];
  if ((Cls(first) & kDigit) && (seen & kDot)) {
    if (auto ip = Ipv4Like(t)) {
      out->push_back({std::move(*ip), offset, length});
      return;
    }
  }
  if (seen & kColon) {
    if (auto ip = Ipv6Like(t)) out->push_back({std::move(*ip), offset, length});
    return;
  }
  if (seen & kDot) {
    std::string d = NormaliseDomain(t);
    if (!d.empty()) out->push_back({Observable{ObservableType::kDomain, std::move(d)}, offset,
                                    length});
    return;
  }
  if (IsCve(t)) {
    std::string v(t);
    for (char& c : v) c = AsciiUpper(c);
    out->push_back({Observable{ObservableType::kCve, std::move(v)}, offset, length});
    return;
  }
  if (t.size() == 32 || t.size() == 40 || t.size() == 64) {
    for (char c : t)
      if (!(Cls(c) & kHex)) return;
    out->push_back({Observable{ObservableType::kHash, AsciiLowerCopy(t)}, offset, length});
  }
}

}  // namespace belfry::observables_internal
