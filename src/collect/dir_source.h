#pragma once
// A watched folder: whatever appears in it (by rename, so never half-written) is a report.
// Files ingested go to done/, files that could not be go to failed/ beside a .reason file;
// hidden and temporary files (.name, *.part, *.tmp) are left alone.

#include "collect/source.h"

namespace belfry {

class DirSource final : public Source {
 public:
  Status Collect(SourceContext& ctx, const DeliveryHandler& handle) override;
};

}  // namespace belfry
