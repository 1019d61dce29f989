#include "share/tlp_policy.h"

#include <algorithm>
#include <optional>

namespace belfry {

TlpVerdict MayShare(Tlp tlp, const Recipient& to, std::string_view concerns,
                    const std::vector<std::string>& red_recipients) {
  auto no = [](std::string why) { return TlpVerdict{false, std::move(why)}; };
  switch (tlp) {
    case Tlp::kClear:
      return {true, ""};
    case Tlp::kGreen:
      if (to.kind == RecipientKind::kPublic) return no("TLP:GREEN stays within the community");
      return {true, ""};
    case Tlp::kAmber:
      if (to.kind == RecipientKind::kPeerTeam || to.kind == RecipientKind::kNamed)
        return {true, ""};
      if (to.kind == RecipientKind::kConstituent && !concerns.empty() && to.name == concerns)
        return {true, ""};
      return no("TLP:AMBER goes only to the organisation concerned and to peer teams");
    case Tlp::kAmberStrict:
      if (to.kind == RecipientKind::kConstituent && !concerns.empty() && to.name == concerns)
        return {true, ""};
      return no("TLP:AMBER+STRICT goes only to the organisation concerned");
    case Tlp::kRed:
      if (to.kind == RecipientKind::kNamed &&
          std::find(red_recipients.begin(), red_recipients.end(), to.name) != red_recipients.end())
        return {true, ""};
      return no("TLP:RED never leaves but to its named recipients");
  }
  return no("unknown TLP");
}

std::optional<Recipient> ParseRecipient(std::string_view text) {
  if (text == "public") return Recipient{RecipientKind::kPublic, ""};
  if (text == "community") return Recipient{RecipientKind::kCommunity, ""};
  const std::pair<std::string_view, RecipientKind> kPrefixes[] = {
      {"peer:", RecipientKind::kPeerTeam},
      {"org:", RecipientKind::kConstituent},
      {"named:", RecipientKind::kNamed}};
  for (const auto& [prefix, kind] : kPrefixes)
    if (text.substr(0, prefix.size()) == prefix && text.size() > prefix.size())
      return Recipient{kind, std::string(text.substr(prefix.size()))};
  return std::nullopt;
}

std::string RecipientName(const Recipient& r) {
  switch (r.kind) {
    case RecipientKind::kPublic: return "public";
    case RecipientKind::kCommunity: return "community";
    case RecipientKind::kPeerTeam: return "peer:" + r.name;
    case RecipientKind::kConstituent: return "org:" + r.name;
    case RecipientKind::kNamed: return "named:" + r.name;
  }
  return "public";
}

}  // namespace belfry
