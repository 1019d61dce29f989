#pragma once
// A watched folder: whatever appears in it (by rename, so never half-written) is a report.
// Files ingested go to done/, files that could not be go to failed/ beside a .reason file;
// hidden and temporary files (.name, *.part, *.tmp) are left alone.

#include "collect/source.h"
#include "collect/source_registry.h"

namespace belfry {

class DirSource final : public Source {
 public:
  // How a feed names this kind of source (collect/source_registry.h).
  static SourceKind Kind();
  Status Collect(SourceContext& ctx, const DeliveryHandler& handle) override;
};

}  // namespace belfry
