#pragma once
// The conversion functions named in Shadowserver's intelmq.json schema, with the semantics
// of IntelMQ's intelmq/bots/parsers/shadowserver/_config.py.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "model/field_registry.h"

namespace belfry {

// A converted value: absent (Python None) or typed text. `text` points into the input or
// into the scratch string passed to ApplyConversion.
struct ConvValue {
  bool present = false;
  JsonKind kind = JsonKind::kString;
  std::string_view text;
  // `text` is already the target field's normalised form (set by the parser's fast paths).
  bool normalized = false;

  static ConvValue None() { return {}; }
  static ConvValue String(std::string_view s) { return {true, JsonKind::kString, s}; }
  static ConvValue Of(JsonKind k, std::string_view s) { return {true, k, s}; }
};

// Gives a conversion access to other columns of the row by name ("" when absent).
using RowLookup = std::function<std::optional<std::string_view>(std::string_view column)>;

enum class ConversionId : uint8_t {
  kNone,
  kAddUtcToTimestamp,
  kConvertBool,
  kValidateToNone,
  kConvertInt,
  kConvertFloat,
  kConvertHttpHostAndUrl,
  kInvalidateZero,
  kValidateIp,
  kValidateNetwork,
  kValidateFqdn,
  kConvertDate,
  kConvertDateUtc,
  kForceBase64,
  kScanExchangeTaxonomy,
  kScanExchangeType,
  kScanExchangeIdentifier,
  kCategoryOrDetail,
  kExtractCveFromTag,
};

std::optional<ConversionId> FindConversion(std::string_view name);

// Applies a conversion. An error means the row cannot be converted (IntelMQ raises, the
// line fails).
// `scratch` holds converted text; it must outlive the use of the returned value.
Result<ConvValue> ApplyConversion(ConversionId id, std::string_view value, const RowLookup& row,
                                  std::string* scratch);

}  // namespace belfry
