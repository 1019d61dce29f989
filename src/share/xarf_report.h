#pragma once
// One X-ARF v4 report (JSON, xarf.org v4.2) per event, for abuse desks that process
// reports by machine. The RSIT classification maps to X-ARF's category and type; fields
// each type requires are filled from the event (or a safe fallback type is used).

#include <cstdint>
#include <string>

#include "model/event.h"

namespace belfry {

struct XarfReporter {
  std::string org;     // our team's name
  std::string contact;  // our address
  std::string domain;   // its domain
};

// `report_id`: a UUID (version 4 form). `now`: seconds, when the event has no time.
std::string XarfReport(const Event& event, const XarfReporter& reporter,
                       const std::string& report_id, int64_t now);
// A random UUID in version 4 form.
std::string NewUuid();

}  // namespace belfry
