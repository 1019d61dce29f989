#pragma once
// CVSS base scores computed from their vectors (FIRST's CVSS v3.1 specification, section 7,
// with its Roundup; v3.0 vectors with v3.0's rounding). An advisory states vectors; Belfry
// computes the scores, so that a typed score can never disagree with its vector.

#include <string>
#include <string_view>

#include "core/result.h"

namespace belfry {

struct CvssScore {
  std::string vector;    // as given, validated
  std::string version;   // "3.0" or "3.1"
  double base = 0;       // 0.0 .. 10.0, one decimal
  std::string severity;  // None, Low, Medium, High, Critical (the specification's names)
};

// A CVSS v3.x vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H". The eight base metrics
// exactly once each; temporal and environmental metrics are checked and do not change the
// base score. Errors name the metric.
Result<CvssScore> ParseCvss3(std::string_view vector);

// The qualitative rating of a score (CVSS v3.1 section 5).
std::string_view CvssSeverity(double score);

}  // namespace belfry
