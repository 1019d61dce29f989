#pragma once
// A file on a web server (public blocklists, provider downloads): a conditional GET with the
// previous run's ETag and Last-Modified, so an unchanged file costs one round trip.

#include "collect/source.h"
#include "collect/source_registry.h"

namespace belfry {

class HttpSource final : public Source {
 public:
  // How a feed names this kind of source (collect/source_registry.h).
  static SourceKind Kind();
  Status Collect(SourceContext& ctx, const DeliveryHandler& handle) override;
};

// The report name of a download: Content-Disposition's file name, else the URL's last path
// segment, else the feed's name.
std::string DownloadName(const std::string& url, const std::string& disposition_name,
                         const std::string& feed);

}  // namespace belfry
