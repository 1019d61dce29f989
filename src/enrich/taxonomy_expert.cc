#include "enrich/taxonomy_expert.h"

#include "model/taxonomy.h"

namespace belfry {

void CompleteClassification(Event* event) {
  auto type = event->Get(fields::kClassificationType);
  bool has_taxonomy = event->Has(fields::kClassificationTaxonomy);
  if (!type) {
    event->SetNormalized(fields::kClassificationType, "undetermined");
    if (!has_taxonomy) event->SetNormalized(fields::kClassificationTaxonomy, "other");
    return;
  }
  if (!has_taxonomy)
    event->SetNormalized(fields::kClassificationTaxonomy, Taxonomy::TaxonomyOfType(*type));
}

}  // namespace belfry
