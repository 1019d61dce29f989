#pragma once
// The console dashboard's charts, aggregated from one scan of the recent events (in the
// background, never on a request): events per day by classification, infected hosts per
// malware family per day within the constituency (distinct addresses a day), the most
// affected organisations and sectors, and the campaign annotations of [web].

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "model/route.h"
#include "web/web_config.h"

namespace belfry {

class DashboardBuilder {
 public:
  struct OrgInfo {
    std::string name, sector;
  };
  using OrgInfoFn = std::function<std::optional<OrgInfo>(std::string_view handle)>;

  // Days [first_day, first_day + days) as days since the epoch (UTC).
  DashboardBuilder(int64_t first_day, int64_t days, OrgInfoFn org_info,
                   std::vector<WebAnnotation> annotations);

  // One event: its day (since the epoch), classification type, current route, source
  // address and malware family ("" when none).
  void Add(int64_t day, std::string_view type, const std::optional<Route>& route,
           std::string_view ip, std::string_view malware);
  std::string Json() const;
  uint64_t events() const { return events_; }

 private:
  const int64_t first_day_, days_;
  OrgInfoFn org_info_;
  std::vector<WebAnnotation> annotations_;
  uint64_t events_ = 0;
  std::map<std::string, std::vector<int64_t>, std::less<>> by_type_;
  std::map<std::string, std::vector<std::unordered_set<std::string>>, std::less<>> infected_;
  std::map<std::string, int64_t, std::less<>> by_org_;
};

}  // namespace belfry
