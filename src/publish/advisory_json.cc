#include "publish/advisory_json.h"

#include <fmt/format.h>

#include "core/date_time.h"
#include "core/json_object.h"
#include "core/text.h"

namespace belfry {

namespace {

std::string Time(int64_t s) { return s == 0 ? "" : FormatIsoUtc(s * 1000000); }

}  // namespace

std::string AdvisoryJson(const Advisory& a, const AdvisorySource* src) {
  JsonObject o;
  o.Int("id", a.id)
      .Str("tracking_id", a.tracking_id)
      .Raw("translation_of", a.translation_of ? std::to_string(a.translation_of) : "null")
      .Str("title", a.title)
      .Str("audience", a.audience)
      .Str("kind", a.kind)
      .Str("lang", a.lang)
      .Str("tlp", TlpName(a.tlp))
      .StrOrNull("severity", a.severity)
      .Str("status", AdvisoryStatusName(a.status))
      .Str("author", a.author)
      .StrOrNull("reviewer", a.reviewer)
      .Str("created", Time(a.created))
      .Str("updated", Time(a.updated))
      .StrOrNull("publish_at", Time(a.publish_at))
      .StrOrNull("published", Time(a.published))
      .StrOrNull("current_release", Time(a.current_release()));
  std::string revisions = "[";
  for (size_t i = 0; i < a.revisions.size(); ++i) {
    const auto& r = a.revisions[i];
    revisions += (i ? ", " : "") + JsonObject()
                                       .Int("number", r.number)
                                       .Str("date", Time(r.date))
                                       .Str("summary", r.summary)
                                       .Str("actor", r.actor)
                                       .Done();
  }
  o.Raw("revisions", revisions + "]");
  if (src) {
    o.Raw("cves", JsonStringArray(src->cves));
    std::string cvss = "[";
    for (size_t i = 0; i < src->cvss.size(); ++i) {
      const auto& s = src->cvss[i];
      cvss += (i ? ", " : "") + JsonObject()
                                    .Str("vector", s.vector)
                                    .Str("version", s.version)
                                    .Raw("base_score", fmt::format("{:.1f}", s.base))
                                    .Str("severity", s.severity)
                                    .Done();
    }
    o.Raw("cvss", cvss + "]");
    std::string products = "[";
    for (size_t i = 0; i < src->products.size(); ++i) {
      const auto& p = src->products[i];
      products += (i ? ", " : "") + JsonObject()
                                        .Str("vendor", p.vendor)
                                        .Str("product", p.product)
                                        .Str("versions", p.versions)
                                        .StrOrNull("fixed", p.fixed)
                                        .StrOrNull("cpe", p.cpe)
                                        .StrOrNull("purl", p.purl)
                                        .Done();
    }
    o.Raw("products", products + "]");
    o.Raw("references", JsonStringArray(src->references));
    o.Str("source", a.source);
  }
  return o.Done();
}

}  // namespace belfry
