#pragma once
// RSIT classification as IntelMQ uses it: the taxonomy and type value sets, the
// type -> taxonomy table of IntelMQ's taxonomy expert, and the legacy aliases its sanitizer maps.
// Source: IntelMQ intelmq/bots/experts/taxonomy/expert.py and harmonization.py
// (ClassificationType/ClassificationTaxonomy), RSIT
// (github.com/enisaeu/Reference-Security-Incident-Taxonomy-Task-Force).

#include <optional>
#include <string_view>
#include <vector>

namespace belfry {

class Taxonomy {
 public:
  // Canonical type for a value or a legacy alias ("botnet drone" -> "infected-system").
  static std::optional<std::string_view> CanonicalType(std::string_view value);
  static std::optional<std::string_view> CanonicalTaxonomy(std::string_view value);
  // The taxonomy a canonical type belongs to ("other" for unknown types).
  static std::string_view TaxonomyOfType(std::string_view type);
  static const std::vector<std::string_view>& Types();
  static const std::vector<std::string_view>& Taxonomies();
};

}  // namespace belfry
