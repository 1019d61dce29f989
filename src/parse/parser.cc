#include "parse/parser.h"

#include <fmt/format.h>

#include "core/date_time.h"
#include "core/text.h"
#include "model/value_sanitizer.h"

namespace belfry {

Status ReportStamp::Put(FieldId id, std::string_view value) {
  for (auto& [k, v] : values_) {
    if (k == id) {
      if (IsIgnoredValue(value)) {
        v.clear();
        return Ok();
      }
      v.clear();
      return SanitizeValue(id, value, &v);
    }
  }
  if (IsIgnoredValue(value)) return Ok();
  std::string norm;
  // Keep the list sorted by field so that it reads like an event.
  BELFRY_RETURN_IF_ERROR(SanitizeValue(id, value, &norm));
  values_.emplace_back(id, std::move(norm));
  return Ok();
}

Status ReportStamp::Prepare(const ReportInfo& info) {
  values_.clear();
  BELFRY_RETURN_IF_ERROR(Put(fields::kFeedName, info.feed_name));
  BELFRY_RETURN_IF_ERROR(Put(fields::kFeedProvider, info.provider));
  BELFRY_RETURN_IF_ERROR(Put(fields::kFeedDocumentation, info.documentation));
  BELFRY_RETURN_IF_ERROR(Put(fields::kFeedCode, info.code));
  BELFRY_RETURN_IF_ERROR(Put(fields::kFeedAccuracy, FormatDouble(info.accuracy)));
  if (info.tlp) BELFRY_RETURN_IF_ERROR(Put(fields::kTlp, TlpName(*info.tlp)));
  if (info.observed_micros)
    BELFRY_RETURN_IF_ERROR(Put(fields::kTimeObservation, FormatIsoUtc(info.observed_micros)));
  return Ok();
}

Status ReportStamp::SetFeedName(std::string_view name) { return Put(fields::kFeedName, name); }
Status ReportStamp::SetDocumentation(std::string_view url) {
  return Put(fields::kFeedDocumentation, url);
}

void ReportStamp::Apply(Event* event) const {
  for (const auto& [id, v] : values_)
    if (!v.empty()) event->SetNormalized(id, v);
}

std::string Parser::ExtraKeysOverLimit(const Event& event) const {
  const size_t n = event.extra_count();
  if (n <= limits_.max_extra_keys) return {};
  return fmt::format("{} extra keys, more than pipeline.max_extra_keys = {}", n,
                     limits_.max_extra_keys);
}

}  // namespace belfry
