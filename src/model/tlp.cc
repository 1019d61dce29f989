#include "model/tlp.h"

#include <string>

#include "core/text.h"

namespace belfry {

std::optional<Tlp> ParseTlp(std::string_view text) {
  std::string v = AsciiLowerCopy(TrimAscii(text));
  if (v.rfind("tlp:", 0) == 0)
    v.erase(0, 4);
  else if (v.rfind("tlp-", 0) == 0)
    v.erase(0, 4);
  if (v == "clear" || v == "white") return Tlp::kClear;
  if (v == "green") return Tlp::kGreen;
  if (v == "amber" || v == "yellow") return Tlp::kAmber;
  if (v == "amber+strict" || v == "amber-strict" || v == "amber_strict") return Tlp::kAmberStrict;
  if (v == "red") return Tlp::kRed;
  return std::nullopt;
}

std::string_view TlpName(Tlp tlp) {
  switch (tlp) {
    case Tlp::kClear:
      return "CLEAR";
    case Tlp::kGreen:
      return "GREEN";
    case Tlp::kAmber:
      return "AMBER";
    case Tlp::kAmberStrict:
      return "AMBER+STRICT";
    case Tlp::kRed:
      return "RED";
  }
  return "RED";
}

std::string_view TlpIntelMqName(Tlp tlp) {
  switch (tlp) {
    case Tlp::kClear:
      return "WHITE";
    case Tlp::kGreen:
      return "GREEN";
    case Tlp::kAmber:
    case Tlp::kAmberStrict:
      return "AMBER";
    case Tlp::kRed:
      return "RED";
  }
  return "RED";
}

}  // namespace belfry
