#pragma once
// STIX 2.1 patterns, read into what a CSIRT can act on: observations, each a list of
// `object-path = 'value'` comparisons that hold together. Observation expressions joined by
// OR, AND or FOLLOWEDBY each name their own indicator (one event each); inside one, AND
// joins comparisons on the same observation (one event) and OR, or IN (...), gives
// alternatives. Qualifiers (WITHIN, REPEATS, START/STOP) are read and ignored. Written by
// hand after the official grammar (STIXPattern.g4): the subset that names indicators by
// equality is our core, and no Debian package parses STIX patterns in C++. Anything else
// (other operators, NOT, EXISTS) is refused with the reason, so that the indicator is kept
// as a dead letter rather than read wrongly.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace belfry {

struct StixComparison {
  std::string object_type;  // "ipv4-addr"
  std::string path;         // "value", "hashes.SHA-256", "dst_ref.value", "dst_port"
  std::string value;        // the literal, unescaped (numbers as written)
};

struct StixObservation {
  std::vector<StixComparison> comparisons;  // all hold (AND)
};

// The alternatives of a pattern (OR of observation expressions).
Result<std::vector<StixObservation>> ParseStixPattern(std::string_view pattern);

}  // namespace belfry
