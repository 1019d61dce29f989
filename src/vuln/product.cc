#include "vuln/product.h"

#include <cctype>

namespace belfry {

std::string NormalizeProductName(std::string_view name) {
  std::string out;
  bool space = false;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) {
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.push_back(static_cast<char>(std::tolower(u)));
    } else {
      space = true;
    }
  }
  return out;
}

}  // namespace belfry
