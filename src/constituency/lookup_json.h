#pragma once
// A lookup's answer as JSON (`constituency lookup --json`, GET /api/v1/lookup).

#include <string>

#include "constituency/constituency_index.h"

namespace belfry {

std::string LookupResultJson(const LookupResult& r);

}  // namespace belfry
