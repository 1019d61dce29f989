#pragma once
// CVSS base scores computed from their vectors (FIRST's CVSS v3.1 specification, section 7,
// with its Roundup; v3.0 vectors with v3.0's rounding). An advisory states vectors; Belfry
// computes the scores, so that a typed score can never disagree with its vector.

#include <map>
#include <string>
#include <string_view>

#include "core/result.h"

namespace belfry {

struct CvssScore {
  std::string vector;    // as given, validated
  std::string version;   // "3.0" or "3.1"
  double base = 0;       // 0.0 .. 10.0, one decimal
  std::string severity;  // None, Low, Medium, High, Critical (the specification's names)
  std::map<std::string, std::string, std::less<>> metrics;  // "AV" -> "N", as in the vector
};

// A CVSS v3.x vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H". The eight base metrics
// exactly once each; temporal and environmental metrics are checked and do not change the
// base score. Errors name the metric.
Result<CvssScore> ParseCvss3(std::string_view vector);

// A CVSS v2 vector: "AV:N/AC:L/Au:N/C:C/I:C/A:C" (the six base metrics, then optional
// temporal and environmental ones); the base score by the v2 guide's equations (section 3.2).
// `severity` stays empty: v2 has no qualitative rating.
Result<CvssScore> ParseCvss2(std::string_view vector);

// The qualitative rating of a score (CVSS v3.1 section 5).
std::string_view CvssSeverity(double score);

}  // namespace belfry
