#include "newsletter/newsletter.h"

#include "core/text.h"

namespace belfry {

std::string_view SubscriberStateName(SubscriberState s) {
  switch (s) {
    case SubscriberState::kPending: return "pending";
    case SubscriberState::kConfirmed: return "confirmed";
    case SubscriberState::kUnsubscribed: return "unsubscribed";
    case SubscriberState::kBounced: return "bounced";
  }
  return "pending";
}

std::optional<SubscriberState> ParseSubscriberState(std::string_view s) {
  for (auto v : {SubscriberState::kPending, SubscriberState::kConfirmed,
                 SubscriberState::kUnsubscribed, SubscriberState::kBounced})
    if (SubscriberStateName(v) == s) return v;
  return std::nullopt;
}

std::string NewsletterEdition(const std::string& audience, const std::string& lang) {
  std::string out = audience;
  out += '-';
  out += lang;
  return out;
}

std::optional<std::string> NormalizeMailAddress(std::string_view address) {
  std::string a = AsciiLowerCopy(address);
  while (!a.empty() && (a.back() == ' ' || a.back() == '\t')) a.pop_back();
  size_t start = a.find_first_not_of(" \t");
  if (start == std::string::npos) return std::nullopt;
  a.erase(0, start);
  if (a.size() > 254) return std::nullopt;
  size_t at = a.find('@');
  if (at == 0 || at == std::string::npos || a.find('@', at + 1) != std::string::npos)
    return std::nullopt;
  const std::string_view domain = std::string_view(a).substr(at + 1);
  size_t dot = domain.find('.');
  if (dot == 0 || dot == std::string_view::npos || domain.back() == '.') return std::nullopt;
  for (unsigned char c : a)
    if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' ||
        c == '(' || c == ')' || c == '\\' || c == '[' || c == ']')
      return std::nullopt;
  return a;
}

}  // namespace belfry
