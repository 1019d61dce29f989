// The RPSL parser on hostile input: a line without end and a huge object cost bounded
// memory, are reported as malformed objects, and the objects after them are still read.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "constituency/rpsl_parser.h"

namespace belfry {
namespace {

struct Seen {
  std::vector<std::string> keys;
  std::vector<std::string> errors;
};

Seen Parse(const std::string& data, size_t chunk) {
  Seen seen;
  RpslParser p([&](const RpslObject& o) { seen.keys.emplace_back(o.key()); },
               [&](const RpslError& e) { seen.errors.push_back(e.reason); });
  for (size_t i = 0; i < data.size(); i += chunk)
    p.Feed(std::string_view(data).substr(i, chunk), false);
  p.Feed({}, true);
  return seen;
}

TEST(RpslLimits, OverlongLineIsAMalformedObjectAndReadingGoesOn) {
  std::string data = "inetnum: 192.0.2.0 - 192.0.2.255\nnetname: A\n\n";
  data += "inetnum: 198.51.100.0 - 198.51.100.255\ndescr: " +
          std::string(RpslParser::kMaxLineBytes + 10, 'x') + "\n\n";
  data += "inetnum: 203.0.113.0 - 203.0.113.255\nnetname: C\n";
  for (size_t chunk : {size_t{4096}, size_t{1} << 16, data.size()}) {
    Seen s = Parse(data, chunk);
    EXPECT_EQ(s.keys, (std::vector<std::string>{"192.0.2.0 - 192.0.2.255",
                                                 "203.0.113.0 - 203.0.113.255"}))
        << chunk;
    ASSERT_EQ(s.errors.size(), 1u) << chunk;
    EXPECT_NE(s.errors[0].find("line longer than"), std::string::npos) << s.errors[0];
  }
}

TEST(RpslLimits, ObjectWithTooManyAttributesIsMalformed) {
  std::string data = "inetnum: 192.0.2.0 - 192.0.2.255\n";
  for (size_t i = 0; i < RpslParser::kMaxAttributes + 5; ++i) data += "remarks: r\n";
  data += "\ninetnum: 203.0.113.0 - 203.0.113.255\nnetname: C\n";
  Seen s = Parse(data, 1 << 16);
  EXPECT_EQ(s.keys, (std::vector<std::string>{"203.0.113.0 - 203.0.113.255"}));
  ASSERT_EQ(s.errors.size(), 1u);
}

}  // namespace
}  // namespace belfry
