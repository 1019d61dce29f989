#pragma once
// An advisory as JSON (`advisory list|show --json`, the API; keys in docs/PUBLISHING.md).

#include <string>

#include "publish/advisory.h"
#include "publish/advisory_source.h"

namespace belfry {

// Without `src`: the list form (no CVEs, products, source). With it: everything, the
// Markdown source included.
std::string AdvisoryJson(const Advisory& a, const AdvisorySource* src);

}  // namespace belfry
