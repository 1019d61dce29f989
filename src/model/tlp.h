#pragma once
// TLP 2.0 (FIRST, 2022). Belfry keeps TLP 2.0 labels internally and speaks IntelMQ's TLP
// type (WHITE/GREEN/AMBER/RED) at the IntelMQ boundary.

#include <optional>
#include <string_view>

namespace belfry {

enum class Tlp : uint8_t { kClear, kGreen, kAmber, kAmberStrict, kRed };

// Accepts TLP 2.0 and 1.0 spellings, with or without "TLP:" prefix, any case:
// CLEAR, WHITE (-> CLEAR), GREEN, AMBER, YELLOW (-> AMBER), AMBER+STRICT, RED.
std::optional<Tlp> ParseTlp(std::string_view text);
// "CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED".
std::string_view TlpName(Tlp tlp);
// IntelMQ's TLP value: WHITE, GREEN, AMBER (also for AMBER+STRICT), RED.
std::string_view TlpIntelMqName(Tlp tlp);

}  // namespace belfry
