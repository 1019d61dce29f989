#pragma once
// Validation and normalisation of one value per IntelMQ harmonization type
// (intelmq/lib/harmonization.py: sanitize() then is_valid()).

#include <string>
#include <string_view>

#include "core/result.h"
#include "model/field_registry.h"

namespace belfry {

// Appends the normalised form of `value` for field `id` to `out`. On error `out` is left
// unchanged and the error names the field, the type and why.
Status SanitizeValue(FieldId id, std::string_view value, std::string* out);

// The same rules by type, without a field's length and pattern constraints.
Status SanitizeByType(FieldType type, std::string_view value, std::string* out);

// IntelMQ ignores these values on add(): "", "-", "N/A".
inline bool IsIgnoredValue(std::string_view v) { return v.empty() || v == "-" || v == "N/A"; }

}  // namespace belfry
