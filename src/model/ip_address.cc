#include "model/ip_address.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <cstring>

#include "core/text.h"

namespace belfry {
namespace {

bool ParseV4(std::string_view s, uint8_t out[4]) {
  int octet = 0;
  size_t i = 0;
  for (; octet < 4; ++octet) {
    if (i >= s.size()) return false;
    size_t start = i;
    unsigned v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 3) v = v * 10 + (s[i++] - '0');
    size_t len = i - start;
    if (len == 0 || v > 255 || (len > 1 && s[start] == '0')) return false;
    out[octet] = static_cast<uint8_t>(v);
    if (octet < 3) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
  }
  return i == s.size();
}

}  // namespace

Result<IpAddress> IpAddress::Parse(std::string_view text) {
  std::string_view s = TrimAscii(text);
  IpAddress a;
  if (s.size() <= 15 && s.find(':') == std::string_view::npos) {
    uint8_t v4[4];
    if (!ParseV4(s, v4))
      return Fail(Error::InvalidInput(fmt::format("not an IP address: '{}'", s)));
    a.bytes_[10] = 0xff;
    a.bytes_[11] = 0xff;
    std::memcpy(&a.bytes_[12], v4, 4);
    a.is_v4_ = true;
    return a;
  }
  if (s.size() > 45) return Fail(Error::InvalidInput("not an IP address: too long"));
  // Python accepts a zone id ("fe80::1%eth0"); feeds do not carry them, so reject.
  char buf[64];
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = '\0';
  if (inet_pton(AF_INET6, buf, a.bytes_.data()) != 1)
    return Fail(Error::InvalidInput(fmt::format("not an IP address: '{}'", s)));
  // An IPv4-mapped address (::ffff:192.0.2.1) is the IPv4 address: one form everywhere
  // (events, search, routing), so that it finds its IPv4 network.
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  a.is_v4_ = std::memcmp(a.bytes_.data(), kMapped, sizeof kMapped) == 0;
  return a;
}

bool IpAddress::IsUnspecified() const {
  if (is_v4_) return bytes_[12] == 0 && bytes_[13] == 0 && bytes_[14] == 0 && bytes_[15] == 0;
  for (uint8_t b : bytes_)
    if (b) return false;
  return true;
}

void IpAddress::AppendTo(std::string* out) const {
  char buf[INET6_ADDRSTRLEN];
  if (is_v4_) {
    char* p = buf;
    for (int i = 12; i < 16; ++i) {
      unsigned v = bytes_[i];
      if (v >= 100) *p++ = static_cast<char>('0' + v / 100);
      if (v >= 10) *p++ = static_cast<char>('0' + v / 10 % 10);
      *p++ = static_cast<char>('0' + v % 10);
      if (i < 15) *p++ = '.';
    }
    out->append(buf, static_cast<size_t>(p - buf));
    return;
  }
  inet_ntop(AF_INET6, bytes_.data(), buf, sizeof buf);
  out->append(buf);
}

std::string IpAddress::ToString() const {
  std::string s;
  AppendTo(&s);
  return s;
}

Result<IpNetwork> IpNetwork::Parse(std::string_view text) {
  std::string_view s = TrimAscii(text);
  size_t slash = s.find('/');
  auto addr = IpAddress::Parse(s.substr(0, slash));
  if (!addr) return Fail(Error::InvalidInput(fmt::format("not an IP network: '{}'", s)));
  // ::ffff:192.0.2.0/120 is 192.0.2.0/24: an IPv4-mapped prefix counts in IPv6 bits.
  const bool mapped = addr->is_v4() && s.substr(0, slash).find(':') != std::string_view::npos;
  int max = addr->is_v4() ? 32 : 128;
  int prefix = max;
  if (slash != std::string_view::npos) {
    auto p = ParseInt64(s.substr(slash + 1));
    std::string_view digits = s.substr(slash + 1);
    const int64_t limit = mapped ? 128 : max;
    if (!p || *p < (mapped ? 96 : 0) || *p > limit || digits.empty() || digits[0] == '+' ||
        digits[0] == '-')
      return Fail(Error::InvalidInput(fmt::format("bad prefix length in '{}'", s)));
    prefix = static_cast<int>(mapped ? *p - 96 : *p);
  }
  IpNetwork n;
  n.prefix_ = prefix;
  auto bytes = addr->bytes();
  int bits = addr->is_v4() ? prefix + 96 : prefix;
  for (int i = 0; i < 16; ++i) {
    int keep = bits - i * 8;
    if (keep >= 8) continue;
    bytes[i] = keep <= 0 ? 0 : static_cast<uint8_t>(bytes[i] & (0xFF << (8 - keep)));
  }
  n.first_ = IpAddress::FromBytes(bytes, addr->is_v4());
  return n;
}

IpAddress IpNetwork::last() const {
  auto bytes = first_.bytes();
  int bits = first_.is_v4() ? prefix_ + 96 : prefix_;
  for (int i = 0; i < 16; ++i) {
    int keep = bits - i * 8;
    if (keep >= 8) continue;
    bytes[i] = keep <= 0 ? 0xFF : static_cast<uint8_t>(bytes[i] | (0xFF >> keep));
  }
  return IpAddress::FromBytes(bytes, first_.is_v4());
}

bool IpNetwork::Contains(const IpAddress& a) const {
  if (a.is_v4() != first_.is_v4()) return false;
  auto l = last();
  return std::memcmp(a.bytes().data(), first_.bytes().data(), 16) >= 0 &&
         std::memcmp(a.bytes().data(), l.bytes().data(), 16) <= 0;
}

std::string IpNetwork::ToString() const { return fmt::format("{}/{}", first_.ToString(), prefix_); }

}  // namespace belfry
