// Fuzz target: the RPSL parser must never crash, whatever the bytes and however they are split
// into chunks, and must report the same objects for every split.
#include <cstdint>
#include <string>

#include "constituency/ip_range.h"
#include "constituency/rpsl_parser.h"

namespace {

std::string Parse(const std::string& input, size_t window) {
  std::string out;
  belfry::RpslParser parser(
      [&](const belfry::RpslObject& o) {
        out += std::to_string(o.line);
        for (const auto& [k, v] : o.attributes()) out += k + "=" + v + ";";
        // What the importer does with keys: must not crash either.
        (void)belfry::IpRange::Parse(o.key());
        out += "\n";
      },
      [&](const belfry::RpslError& e) { out += "E" + std::to_string(e.line) + "\n"; });
  for (size_t pos = 0; pos < input.size(); pos += window) {
    parser.Feed(std::string_view(input).substr(pos, window), false);
  }
  parser.Feed({}, true);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  const std::string whole = Parse(input, input.size() + 1);
  if (Parse(input, 1 + size % 37) != whole) __builtin_trap();
  return 0;
}
