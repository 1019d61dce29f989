#pragma once
// The year's figures as a national CERT reports them, and their rendering: an HTML report with
// SVG charts (infected hosts per malware family per month, events per classification per
// month) and a CSV file for every table. Pure: the app gathers the figures (one scan of the
// year's events, the tracker's counters, the advisories, the notifications).

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "model/route.h"

namespace belfry {

// Events aggregated by month: what one scan of the year's events adds up.
class AnnualEventFigures {
 public:
  using SectorFn = std::function<std::string(std::string_view organisation)>;
  explicit AnnualEventFigures(SectorFn sector) : sector_(std::move(sector)) {}
  // `month` 0..11; `ip` and `malware` may be "".
  void Add(int month, std::string_view type, const std::optional<Route>& route,
           std::string_view ip, std::string_view malware);

  uint64_t events = 0;
  std::map<std::string, std::array<int64_t, 12>, std::less<>> by_type;  // events per month
  std::map<std::string, int64_t, std::less<>> by_sector;                // constituents' events
  // Distinct infected addresses per family per month (inside the constituency).
  std::map<std::string, std::array<int64_t, 12>> InfectedByFamily() const;

 private:
  SectorFn sector_;
  std::map<std::string, std::array<std::unordered_set<std::string>, 12>, std::less<>> infected_;
  std::map<std::string, std::string, std::less<>> sector_cache_;
};

struct AnnualFigures {
  int year = 0;
  std::string team;
  // Tickets created in the year per queue (reports, incidents, investigations,
  // countermeasures), resolved, and incidents per classification and per sector.
  std::map<std::string, int64_t> tickets_created, tickets_resolved;
  std::map<std::string, int64_t> incidents_by_classification, incidents_by_sector;
  int64_t median_response_seconds = -1;
  // Publications in the year: "advisory pro" -> 12 (kind and audience).
  std::map<std::string, int64_t> publications;
  int64_t newsletter_issues = 0;
  int64_t notifications = 0, notified_events = 0, notified_organisations = 0;
  int64_t vulnerability_notices = 0;
  const AnnualEventFigures* events = nullptr;
};

struct ReportFile {
  std::string name;  // "annual-2026.html", "csv/events-per-month.csv", "infected.svg"
  std::string content;
};

// The HTML report (SVG charts inline), the charts as .svg and every table as CSV.
std::vector<ReportFile> RenderAnnualReport(const AnnualFigures& f);

}  // namespace belfry
