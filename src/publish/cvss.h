#pragma once
// CVSS base scores computed from their vectors (FIRST's CVSS v3.1 specification, section 7,
// with its Roundup; v3.0 vectors with v3.0's rounding; CVSS v4.0's MacroVectors, cvss4.cc). An advisory states vectors; Belfry
// computes the scores, so that a typed score can never disagree with its vector.

#include <map>
#include <string>
#include <string_view>

#include "core/result.h"

namespace belfry {

struct CvssScore {
  std::string vector;    // as given, validated
  std::string version;   // "3.0", "3.1" or "4.0"
  double base = 0;       // 0.0 .. 10.0, one decimal
  std::string severity;  // None, Low, Medium, High, Critical (the specification's names)
  std::map<std::string, std::string, std::less<>> metrics;  // "AV" -> "N", as in the vector
};

// A CVSS v3.x vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H". The eight base metrics
// exactly once each; temporal and environmental metrics are checked and do not change the
// base score. Errors name the metric.
Result<CvssScore> ParseCvss3(std::string_view vector);

// A CVSS v4.0 vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N". The
// eleven base metrics exactly once each; threat (E), environmental (CR, IR, AR, M*) and
// supplemental metrics are checked, and the first two count in the score as the
// specification says (CVSS-BT, -BE, -BTE); `base` holds that score. Errors name the metric.
Result<CvssScore> ParseCvss4(std::string_view vector);
// ParseCvss4 for "CVSS:4.0/..." vectors, ParseCvss3 for the others.
Result<CvssScore> ParseCvss(std::string_view vector);

// A CVSS v2 vector: "AV:N/AC:L/Au:N/C:C/I:C/A:C" (the six base metrics, then optional
// temporal and environmental ones); the base score by the v2 guide's equations (section 3.2).
// `severity` stays empty: v2 has no qualitative rating.
Result<CvssScore> ParseCvss2(std::string_view vector);

// The qualitative rating of a score (CVSS v3.1 section 5).
std::string_view CvssSeverity(double score);

}  // namespace belfry
