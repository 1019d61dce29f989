#pragma once
// IPv4/IPv6 addresses and networks. Parsing is strict (no leading zeros in IPv4 octets, as
// Python's ipaddress since 3.9.5) and writing is canonical (RFC 5952 for IPv6).

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace belfry {

class IpAddress {
 public:
  // IPv4 is held as an IPv4-mapped IPv6 address (::ffff:a.b.c.d), so that one 16-byte
  // big-endian key orders and range-matches both families.
  static Result<IpAddress> Parse(std::string_view text);
  static IpAddress FromBytes(const std::array<uint8_t, 16>& bytes, bool is_v4) {
    IpAddress a;
    a.bytes_ = bytes;
    a.is_v4_ = is_v4;
    return a;
  }

  bool is_v4() const { return is_v4_; }
  bool IsUnspecified() const;
  const std::array<uint8_t, 16>& bytes() const { return bytes_; }
  std::string_view Key() const { return {reinterpret_cast<const char*>(bytes_.data()), 16}; }
  std::string ToString() const;
  void AppendTo(std::string* out) const;

 private:
  std::array<uint8_t, 16> bytes_{};
  bool is_v4_ = false;
};

class IpNetwork {
 public:
  // Accepts "a.b.c.d/n", "2001:db8::/32" and a bare address (/32 or /128). Host bits are
  // cleared, as Python's ip_network(strict=False) does.
  static Result<IpNetwork> Parse(std::string_view text);

  const IpAddress& first() const { return first_; }
  IpAddress last() const;
  // Prefix length in the address's own family (0..32 for IPv4).
  int prefix_length() const { return prefix_; }
  bool Contains(const IpAddress& a) const;
  std::string ToString() const;

 private:
  IpAddress first_;
  int prefix_ = 0;  // in the family's own terms
};

}  // namespace belfry
