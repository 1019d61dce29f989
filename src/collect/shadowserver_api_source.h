#pragma once
// Shadowserver's Reports API (https://transform.shadowserver.org/api2/): `reports/list` for
// the configured mailing lists over the last days, then `reports/download` for each report
// id not fetched before. Every request is a JSON body holding the API key, signed with
// HMAC-SHA256 of the body under the secret in the HMAC2 header, as Shadowserver documents.
// The report's file name ("2026-11-21-scan_http-belgium-geo.csv") gives the report type.

#include <string>

#include "collect/source.h"
#include "collect/source_registry.h"

namespace belfry {

class ShadowserverApiSource final : public Source {
 public:
  // How a feed names this kind of source (collect/source_registry.h).
  static SourceKind Kind();
  Status Collect(SourceContext& ctx, const DeliveryHandler& handle) override;
};

// The body of a reports/list request for `lists` between two dates (YYYY-MM-DD).
std::string ShadowserverListBody(const std::string& api_key, const std::vector<std::string>& lists,
                                 const std::string& from, const std::string& to);
// The report type of a Shadowserver file name: "2026-11-21-scan_http-belgium-geo.csv" ->
// "scan_http" (the same rule as IntelMQ's Shadowserver parser).
std::string ReportTypeOfFileName(const std::string& file_name);

}  // namespace belfry
