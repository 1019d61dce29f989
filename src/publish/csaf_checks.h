#pragma once
// The CSAF 2.0 mandatory tests (section 6.1: 6.1.1 to 6.1.33, with the profile tests
// 6.1.27.1-11) over a parsed document: our own documents before they are published, and
// vendors' advisories when they are imported. The official test documents
// (tests/data/standards/csaf20/test-mandatory) check every test here.
// 6.1.11 (CWE) checks the id's form only: the CWE catalogue is not shipped. 6.1.9 checks the
// base score and severity (temporal and environmental scores are not recomputed).

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/result.h"

namespace belfry {

struct CsafFinding {
  std::string test;     // "6.1.1"
  std::string path;     // JSON pointer of the offending value
  std::string message;
};

std::vector<CsafFinding> CheckCsafMandatory(const boost::json::value& doc);
// Parses first; a document that is not JSON (or not an object) is an error.
Result<std::vector<CsafFinding>> CheckCsafMandatoryText(std::string_view json_text);

namespace csaf_internal {
// A member's string value; "" when absent or not a string (a document from outside).
std::string JsonStr(const boost::json::object& o, std::string_view key);
// The tests on /document/tracking (6.1.14, 6.1.16-6.1.22, 6.1.30), CVSS (6.1.7-6.1.10) and
// languages (6.1.12, 6.1.15, 6.1.28): csaf_checks_tracking.cc.
void CheckTracking(const boost::json::object& document, std::vector<CsafFinding>* out);
void CheckScores(const boost::json::array& vulnerabilities, std::vector<CsafFinding>* out);
void CheckLanguages(const boost::json::object& document, std::vector<CsafFinding>* out);
}  // namespace csaf_internal

}  // namespace belfry
