#pragma once
// An inclusive range of addresses of one family: what a RIPE inetnum holds ("192.0.2.0 -
// 192.0.2.127"), of which a CIDR is the special case.

#include <cstdint>
#include <string>
#include <string_view>

#include "constituency/range_index.h"
#include "core/result.h"
#include "model/ip_address.h"

namespace belfry {

inline uint32_t Ipv4Key(const IpAddress& a) {
  const auto& b = a.bytes();
  return (uint32_t{b[12]} << 24) | (uint32_t{b[13]} << 16) | (uint32_t{b[14]} << 8) | b[15];
}
inline Uint128 Ipv6Key(const IpAddress& a) {
  Uint128 k = 0;
  for (uint8_t byte : a.bytes()) k = (k << 8) | byte;
  return k;
}

struct IpRange {
  IpAddress first, last;

  // "a - b", "a-b", "a/len" or a single address.
  static Result<IpRange> Parse(std::string_view text);
  bool is_v4() const { return first.is_v4(); }
  bool Contains(const IpAddress& a) const;
  // 0.0.0.0 - 255.255.255.255 or ::/0: the whole space of the family.
  bool IsWholeSpace() const { return PrefixLength() == 0; }
  // Prefix length if the range is exactly one CIDR, else -1.
  int PrefixLength() const;
  // "192.0.2.0/25" when one CIDR, else "192.0.2.0 - 192.0.2.130".
  std::string ToString() const;
};

}  // namespace belfry
