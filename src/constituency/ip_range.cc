#include "constituency/ip_range.h"

#include <fmt/format.h>

#include <bit>

#include "core/text.h"

namespace belfry {

Result<IpRange> IpRange::Parse(std::string_view text) {
  std::string_view s = TrimAscii(text);
  IpRange r;
  const size_t dash = s.find('-');
  if (dash != std::string_view::npos) {
    auto a = IpAddress::Parse(s.substr(0, dash));
    auto b = IpAddress::Parse(s.substr(dash + 1));
    if (!a || !b) return Fail(Error::InvalidInput(fmt::format("not an address range: '{}'", s)));
    if (a->is_v4() != b->is_v4()) {
      return Fail(Error::InvalidInput(fmt::format("range mixes IPv4 and IPv6: '{}'", s)));
    }
    if (b->Key() < a->Key()) {
      return Fail(Error::InvalidInput(fmt::format("range ends before it starts: '{}'", s)));
    }
    r.first = *a;
    r.last = *b;
    return r;
  }
  auto net = IpNetwork::Parse(s);
  if (!net) return Fail(Error::InvalidInput(fmt::format("not a network or range: '{}'", s)));
  r.first = net->first();
  r.last = net->last();
  return r;
}

bool IpRange::Contains(const IpAddress& a) const {
  return a.is_v4() == first.is_v4() && first.Key() <= a.Key() && a.Key() <= last.Key();
}

int IpRange::PrefixLength() const {
  if (is_v4()) {
    const uint32_t f = Ipv4Key(first), l = Ipv4Key(last);
    const uint32_t span = l - f;
    if ((span & (span + 1)) != 0 || (f & span) != 0) return -1;
    return span == 0xffffffffu ? 0 : 32 - std::popcount(span);
  }
  const Uint128 f = Ipv6Key(first), l = Ipv6Key(last);
  const Uint128 span = l - f;
  if ((span & (span + 1)) != 0 || (f & span) != 0) return -1;
  const int ones =
      std::popcount(static_cast<uint64_t>(span)) + std::popcount(static_cast<uint64_t>(span >> 64));
  return 128 - ones;
}

std::string IpRange::ToString() const {
  const int len = PrefixLength();
  if (len >= 0) return fmt::format("{}/{}", first.ToString(), len);
  return fmt::format("{} - {}", first.ToString(), last.ToString());
}

}  // namespace belfry
