#include "web/web_request.h"

#include <algorithm>
#include <cstdlib>

#include "core/json_object.h"
#include "core/text.h"

namespace belfry {

namespace {

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding ('+' as space in the query); nullopt on a bad escape or a NUL.
std::optional<std::string> Decode(std::string_view s, bool query) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = Hex(s[i + 1]), lo = Hex(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && query) {
      c = ' ';
    }
    if (c == '\0') return std::nullopt;
    out.push_back(c);
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string WebRequest::Header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string() : it->second;
}

std::string WebRequest::Query(std::string_view name) const {
  auto it = query.find(std::string(name));
  return it == query.end() ? std::string() : it->second;
}

std::string WebRequest::Cookie(std::string_view name) const {
  // Cookie: a=1; b=2 (RFC 6265 5.4). Several Cookie headers were joined with ", ".
  const std::string header = Header("cookie");
  std::string_view rest(header);
  while (!rest.empty()) {
    size_t end = rest.find_first_of(";,");
    std::string_view pair = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos || pair.substr(0, eq) != name) continue;
    std::string_view value = pair.substr(eq + 1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    return std::string(value);
  }
  return {};
}

std::optional<ParsedTarget> ParseTarget(std::string_view target) {
  if (target.empty() || target.front() != '/') return std::nullopt;
  ParsedTarget out;
  size_t q = target.find('?');
  auto path = Decode(target.substr(0, q), false);
  if (!path) return std::nullopt;
  out.path = std::move(*path);
  if (q == std::string_view::npos) return out;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    auto key = Decode(pair.substr(0, eq), true);
    auto value = Decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
    if (!key || !value) return std::nullopt;
    out.query[*key] = std::move(*value);  // the last one wins
  }
  return out;
}

std::vector<std::string> AcceptedLanguages(std::string_view header) {
  std::vector<std::pair<double, std::string>> ranked;
  size_t order = 0;
  while (!header.empty() && ranked.size() < 32) {
    size_t comma = header.find(',');
    std::string_view item = Trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    double q = 1.0;
    size_t semi = item.find(';');
    if (semi != std::string_view::npos) {
      std::string_view params = Trim(item.substr(semi + 1));
      item = Trim(item.substr(0, semi));
      if (params.rfind("q=", 0) == 0) q = std::strtod(std::string(params.substr(2)).c_str(), nullptr);
    }
    std::string tag = AsciiLowerCopy(item.substr(0, item.find('-')));
    if (tag.empty() || tag == "*" || q <= 0) continue;
    // Stable by position among equal weights.
    ranked.emplace_back(q - static_cast<double>(order++) * 1e-6, tag);
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> out;
  for (auto& [q, tag] : ranked)
    if (std::find(out.begin(), out.end(), tag) == out.end()) out.push_back(tag);
  return out;
}

std::optional<IpAddress> ClientAddress(const std::optional<IpAddress>& peer,
                                       std::string_view xff,
                                       const std::vector<IpNetwork>& trusted) {
  auto is_trusted = [&](const IpAddress& a) {
    return std::any_of(trusted.begin(), trusted.end(),
                       [&](const IpNetwork& n) { return n.Contains(a); });
  };
  if (!peer || xff.empty() || !is_trusted(*peer)) return peer;
  // Right to left: the first hop that is not one of ours is the visitor.
  std::optional<IpAddress> client = peer;
  while (!xff.empty()) {
    size_t comma = xff.rfind(',');
    std::string_view hop = Trim(comma == std::string_view::npos ? xff : xff.substr(comma + 1));
    xff = comma == std::string_view::npos ? std::string_view() : xff.substr(0, comma);
    auto a = IpAddress::Parse(hop);
    if (!a) return client;  // a hop we cannot read: stop at the last one we trust
    client = *a;
    if (!is_trusted(*a)) return client;
  }
  return client;
}

WebResponse JsonError(int status, std::string_view code, std::string_view message) {
  WebResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = JsonObject()
               .Raw("error", JsonObject().Str("code", code).Str("message", message).Done())
               .Done() +
           "\n";
  return r;
}

}  // namespace belfry
