#pragma once
// An advisory as a CSAF 2.0 document (OASIS CSAF v2.0): the csaf_security_advisory profile for
// an advisory naming products, csaf_informational_advisory for the rest (recommendations,
// warnings, advisories without products). The document passes the schema and the mandatory
// tests 6.1.x (publish/csaf_checks.h), which tests/integration/publish_test.sh verifies.

#include <cstdint>
#include <string>

#include "publish/advisory.h"
#include "publish/advisory_source.h"
#include "publish/publish_config.h"

namespace belfry {

struct CsafContext {
  const TeamConfig* team = nullptr;
  const PublishConfig* publish = nullptr;
  int64_t now = 0;            // the generator's date
  std::string engine_version;  // Belfry's version
};

// CSAF's profile for this advisory.
std::string CsafCategory(const Advisory& a, const AdvisorySource& src);
// The CSAF 2.0 TLP label: WHITE for TLP:CLEAR, AMBER for AMBER and AMBER+STRICT.
std::string CsafTlpLabel(Tlp tlp);
// Where the document lives under /.well-known/csaf/: "white/2026/belfry-2026-0007.json".
std::string CsafPath(const Advisory& a);
// The HTML page of an advisory, relative to the site: "advisories/BELFRY-2026-0007.html".
std::string AdvisoryPagePath(const Advisory& a);

// The document, pretty-printed JSON. A draft is version 0 (status draft); a published one
// carries its revision history (integer versioning).
std::string CsafDocument(const Advisory& a, const AdvisorySource& src, const CsafContext& ctx);

}  // namespace belfry
