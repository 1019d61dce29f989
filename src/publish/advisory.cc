#include "publish/advisory.h"

namespace belfry {

namespace {
constexpr std::pair<AdvisoryStatus, std::string_view> kNames[] = {
    {AdvisoryStatus::kDraft, "draft"},         {AdvisoryStatus::kInReview, "in-review"},
    {AdvisoryStatus::kApproved, "approved"},   {AdvisoryStatus::kPublished, "published"},
    {AdvisoryStatus::kWithdrawn, "withdrawn"}};
}  // namespace

std::string_view AdvisoryStatusName(AdvisoryStatus s) {
  for (const auto& [v, n] : kNames)
    if (v == s) return n;
  return "draft";
}

std::optional<AdvisoryStatus> ParseAdvisoryStatus(std::string_view s) {
  for (const auto& [v, n] : kNames)
    if (n == s) return v;
  return std::nullopt;
}

}  // namespace belfry
