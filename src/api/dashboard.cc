#include "api/dashboard.h"

#include <algorithm>

#include "core/date_time.h"
#include "core/json_object.h"
#include "core/text.h"

namespace belfry {

namespace {

constexpr size_t kMaxSeries = 12;  // more lines than this are "other"

std::string Series(const std::vector<int64_t>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + std::to_string(v[i]);
  return out + "]";
}

// The `n` largest series by total, the rest summed as "other".
std::vector<std::pair<std::string, std::vector<int64_t>>> Top(
    std::vector<std::pair<std::string, std::vector<int64_t>>> all, size_t n) {
  auto total = [](const std::vector<int64_t>& v) {
    int64_t t = 0;
    for (auto x : v) t += x;
    return t;
  };
  std::stable_sort(all.begin(), all.end(),
                   [&](const auto& a, const auto& b) { return total(a.second) > total(b.second); });
  if (all.size() <= n) return all;
  std::vector<int64_t> other(all.front().second.size());
  for (size_t i = n - 1; i < all.size(); ++i)
    for (size_t d = 0; d < other.size(); ++d) other[d] += all[i].second[d];
  all.resize(n - 1);
  all.emplace_back("other", std::move(other));
  return all;
}

std::string SeriesObject(const std::vector<std::pair<std::string, std::vector<int64_t>>>& s) {
  JsonObject o;
  for (const auto& [k, v] : s) o.Raw(k, Series(v));
  return o.Done();
}

}  // namespace

DashboardBuilder::DashboardBuilder(int64_t first_day, int64_t days, OrgInfoFn org_info,
                                   std::vector<WebAnnotation> annotations)
    : first_day_(first_day),
      days_(days),
      org_info_(std::move(org_info)),
      annotations_(std::move(annotations)) {}

void DashboardBuilder::Add(int64_t day, std::string_view type, const std::optional<Route>& route,
                           std::string_view ip, std::string_view malware) {
  if (day < first_day_ || day >= first_day_ + days_) return;
  const size_t d = static_cast<size_t>(day - first_day_);
  ++events_;
  const std::string_view t = type.empty() ? std::string_view("unknown") : type;
  auto it = by_type_.find(t);
  if (it == by_type_.end())
    it = by_type_.emplace(std::string(t), std::vector<int64_t>(static_cast<size_t>(days_))).first;
  ++it->second[d];
  const bool ours =
      route && (route->kind == RouteKind::kConstituent || route->kind == RouteKind::kTriage);
  if (!ours) return;
  if (!route->org.empty()) ++by_org_[route->org];
  if (t == "infected-system" && !ip.empty()) {
    std::string family = AsciiLowerCopy(std::string(malware.empty() ? "unknown" : malware));
    auto f = infected_.find(family);
    if (f == infected_.end())
      f = infected_.emplace(family, std::vector<std::unordered_set<std::string>>(
                                        static_cast<size_t>(days_))).first;
    f->second[d].emplace(ip);
  }
}

std::string DashboardBuilder::Json() const {
  std::string days = "[";
  for (int64_t i = 0; i < days_; ++i) {
    if (i) days += ", ";
    AppendJsonString(FormatIsoUtc((first_day_ + i) * 86400 * 1000000).substr(0, 10), &days);
  }
  days += "]";
  std::vector<std::pair<std::string, std::vector<int64_t>>> types(by_type_.begin(), by_type_.end());
  std::vector<std::pair<std::string, std::vector<int64_t>>> families;
  for (const auto& [family, per_day] : infected_) {
    std::vector<int64_t> counts;
    for (const auto& ips : per_day) counts.push_back(static_cast<int64_t>(ips.size()));
    families.emplace_back(family, std::move(counts));
  }
  std::vector<std::pair<std::string, int64_t>> orgs(by_org_.begin(), by_org_.end());
  std::stable_sort(orgs.begin(), orgs.end(), [](auto& a, auto& b) { return a.second > b.second; });
  std::map<std::string, int64_t> sectors;
  std::string top_orgs = "[";
  for (size_t i = 0; i < orgs.size(); ++i) {
    auto info = org_info_ ? org_info_(orgs[i].first) : std::nullopt;
    const std::string sector = info && !info->sector.empty() ? info->sector : "unknown";
    sectors[sector] += orgs[i].second;
    if (i >= 10) continue;
    if (top_orgs.size() > 1) top_orgs += ", ";
    top_orgs += JsonObject()
                    .Str("handle", orgs[i].first)
                    .Str("name", info ? info->name : orgs[i].first)
                    .Str("sector", sector)
                    .Int("events", orgs[i].second)
                    .Done();
  }
  std::vector<std::pair<std::string, int64_t>> sector_list(sectors.begin(), sectors.end());
  std::stable_sort(sector_list.begin(), sector_list.end(),
                   [](auto& a, auto& b) { return a.second > b.second; });
  std::string top_sectors = "[";
  for (size_t i = 0; i < sector_list.size() && i < 10; ++i) {
    if (i) top_sectors += ", ";
    top_sectors += JsonObject().Str("sector", sector_list[i].first).Int("events", sector_list[i].second).Done();
  }
  std::string notes = "[";
  for (const auto& a : annotations_) {
    if (notes.size() > 1) notes += ", ";
    notes += JsonObject().Str("date", a.date).Str("text", a.text).Done();
  }
  return JsonObject()
      .Raw("days", days)
      .Raw("by_classification", SeriesObject(Top(std::move(types), kMaxSeries)))
      .Raw("infected_by_family", SeriesObject(Top(std::move(families), kMaxSeries)))
      .Raw("top_organisations", top_orgs + "]")
      .Raw("top_sectors", top_sectors + "]")
      .Raw("annotations", notes + "]")
      .Int("events", static_cast<int64_t>(events_))
      .Done();
}

}  // namespace belfry
