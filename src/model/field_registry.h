#pragma once
// The event's field set, generated at build time from IntelMQ's harmonization.conf
// (scripts/gen_fields.py). Field ids are indices into a name-sorted table.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace belfry {

using FieldId = uint16_t;
// No field (a stored id whose field was removed from harmonization.conf).
inline constexpr FieldId kNoField = 0xFFFF;

enum class FieldType : uint8_t {
  kString,
  kLowercaseString,
  kUppercaseString,
  kBase64,
  kBoolean,
  kInteger,
  kASN,
  kFloat,
  kAccuracy,
  kDateTime,
  kIPAddress,
  kIPNetwork,
  kFQDN,
  kURL,
  kJSON,
  kJSONDict,
  kClassificationTaxonomy,
  kClassificationType,
  kRegistry,
  kTLP,
};

// Named checks standing for harmonization.conf's regexes.
enum class Pattern : uint8_t {
  kNone,
  kPrintableAscii,
  kCountryCode,
  kNoTrailingDot,
  kEventHash,
  kUuid,
  kTransportProtocol,
};

// How a value is written in IntelMQ JSON.
enum class JsonKind : uint8_t { kString, kInteger, kFloat, kBool, kRaw };

struct FieldSpec {
  const char* name;
  FieldType type;
  uint16_t max_length;  // 0 = unlimited
  Pattern pattern;
  bool report_field;  // also a field of IntelMQ's Report
};

namespace fields {
#include "model/field_ids.inc"
}  // namespace fields

class FieldRegistry {
 public:
  static size_t Size();
  static const FieldSpec& Spec(FieldId id);
  static std::string_view Name(FieldId id) { return Spec(id).name; }
  static std::optional<FieldId> Find(std::string_view name);
  static JsonKind KindOf(FieldId id);
  // First field whose name sorts after every "extra.*" key (for sorted output).
  static FieldId FirstAfterExtra();
  static std::string_view TypeName(FieldType t);
};

// True when `key` is a valid IntelMQ key: ^[a-z_][a-z_0-9]+(\.[a-z_0-9]+)*$
bool IsValidKeyName(std::string_view key);

}  // namespace belfry
