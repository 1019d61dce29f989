#pragma once
// The team's description after RFC 2350 (BCP 21), all seven sections of its Appendix D
// template, from [team]: plain text (clear-signed with the team key when there is one) and
// HTML, published at the stable URLs /rfc2350.txt and /rfc2350.html. Pure.

#include <string>

#include "publish/publish_config.h"

namespace belfry {

struct Rfc2350Context {
  std::string date;             // 1.1, YYYY-MM-DD
  std::string base_url;         // where the document and the key are published
  std::string key_fingerprint;  // the team key ("" = none)
  std::string languages = "nl, fr, en, de";
};

std::string Rfc2350Text(const TeamConfig& team, const Rfc2350Context& ctx);
std::string Rfc2350Html(const TeamConfig& team, const Rfc2350Context& ctx);

}  // namespace belfry
