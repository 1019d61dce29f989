#include "mail/verp.h"

#include "core/text.h"

namespace belfry {

std::vector<std::string_view> EnvelopeRecipientFields(std::string_view raw) {
  size_t end = raw.find("\n\n");
  if (end == std::string_view::npos) end = raw.find("\r\n\r\n");
  std::string_view head = raw.substr(0, end);
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < head.size()) {
    size_t nl = head.find('\n', pos);
    if (nl == std::string_view::npos) nl = head.size();
    std::string_view line = head.substr(pos, nl - pos);
    pos = nl + 1;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = line.substr(0, colon);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    const std::string key = AsciiLowerCopy(name);
    if (key == "to" || key == "delivered-to" || key == "x-original-to" || key == "envelope-to")
      out.push_back(line.substr(colon + 1));
  }
  return out;
}

}  // namespace belfry
