#pragma once
// Inside the observable extractor (observables.cc scans, observable_classify.cc types the
// tokens): the scanner's character classes and the token classifier.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "ticket/observables.h"

namespace belfry::observables_internal {

// Character classes of the scanner, one table lookup per byte.
enum : uint8_t {
  kDelim = 1,   // ends a token
  kDot = 2,     // . (domains, IPv4)
  kColon = 4,   // : (IPv6, URLs, ports)
  kAt = 8,      // @ (e-mail)
  kHex = 16,    // 0-9 a-f A-F
  kFang = 32,   // [ ( { : a defanged spelling may follow
  kDigit = 64,  // 0-9
};

constexpr std::array<uint8_t, 256> MakeClasses() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 33; ++c) t[c] = kDelim;  // controls and space
  t[127] = kDelim;
  for (char c : std::string_view("\"'<>,;|(){}=\\`^")) t[static_cast<uint8_t>(c)] = kDelim;
  t['.'] = kDot;
  t[':'] = kColon;
  t['@'] = kAt;
  t['['] = kFang;
  for (int c = '0'; c <= '9'; ++c) t[c] = kHex | kDigit;
  for (int c = 'a'; c <= 'f'; ++c) t[c] = kHex;
  for (int c = 'A'; c <= 'F'; ++c) t[c] = kHex;
  return t;
}
inline constexpr std::array<uint8_t, 256> kClass = MakeClasses();

inline uint8_t Cls(char c) { return kClass[static_cast<uint8_t>(c)]; }

// Types one token (defanged spellings already made plain) and appends what it is: `seen`
// is the union of its bytes' classes; offset and length locate it in the scanned text.
void ClassifyToken(std::string_view token, size_t offset, size_t length, uint8_t seen,
                   std::vector<ObservableHit>* out);

}  // namespace belfry::observables_internal
