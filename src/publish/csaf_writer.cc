#include "publish/csaf_writer.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/date_time.h"
#include "core/text.h"
#include "publish/markdown.h"
#include "publish/version_spec.h"

namespace belfry {

namespace json = boost::json;

namespace {

std::string Rfc3339(int64_t unix_seconds) { return FormatIsoUtc(unix_seconds * 1000000); }

std::string Lower(std::string s) { return AsciiLowerCopy(s); }



// The summary note: the body's first paragraph as plain text.
std::string FirstParagraph(const std::string& text) {
  std::string t(TrimAscii(text));
  size_t end = t.find("\n\n");
  std::string para = t.substr(0, end);
  for (auto& c : para)
    if (c == '\n') c = ' ';
  return para;
}

struct Products {
  json::array vendors;
  json::array affected, fixed;  // product ids
};

// vendor -> product_name -> product_version | product_version_range, one id per leaf.
Products ProductTree(const AdvisorySource& src) {
  Products out;
  int next = 1;
  auto id = [&] { return fmt::format("CSAFPID-{:04}", next++); };
  auto helper = [](const AdvisoryProduct& p) {
    json::object h;
    if (!p.cpe.empty()) h["cpe"] = p.cpe;
    if (!p.purl.empty()) h["purl"] = p.purl;
    return h;
  };
  auto leaf = [&](const AdvisoryProduct& p, const std::string& category, const std::string& name,
                  const std::string& full, json::array* status) {
    json::object product{{"name", full}, {"product_id", id()}};
    if (auto h = helper(p); !h.empty()) product["product_identification_helper"] = h;
    status->push_back(product["product_id"]);
    return json::object{{"category", category}, {"name", name}, {"product", product}};
  };
  for (const auto& p : src.products) {
    json::object* vendor = nullptr;
    for (auto& v : out.vendors)
      if (v.as_object().at("name").as_string() == p.vendor) vendor = &v.as_object();
    if (!vendor) {
      out.vendors.push_back(json::object{{"category", "vendor"}, {"name", p.vendor},
                                         {"branches", json::array()}});
      vendor = &out.vendors.back().as_object();
    }
    json::array versions;
    auto spec = ParseVersionSpec(p.versions);  // checked when the source was parsed
    for (const auto& r : spec ? spec->ranges : std::vector<VersionRange>{VersionRange{}}) {
      const std::string full = fmt::format("{} {} {}", p.vendor, p.product, r.Text());
      versions.push_back(leaf(p, r.exact() ? "product_version" : "product_version_range",
                              r.Vers(), full, &out.affected));
    }
    if (!p.fixed.empty())
      versions.push_back(leaf(p, "product_version", p.fixed,
                              fmt::format("{} {} {}", p.vendor, p.product, p.fixed), &out.fixed));
    vendor->at("branches").as_array().push_back(json::object{
        {"category", "product_name"}, {"name", p.product}, {"branches", versions}});
  }
  return out;
}

json::object Cvss(const CvssScore& s) {
  return {{"version", s.version},
          {"vectorString", s.vector},
          {"baseScore", s.base},
          {"baseSeverity", AsciiUpperCopy(s.severity)}};
}

json::array Vulnerabilities(const AdvisorySource& src, const Products& products,
                            const std::string& summary) {
  json::array out;
  std::vector<std::string> cves = src.cves;
  if (cves.empty()) cves.emplace_back();  // one vulnerability without a CVE id
  std::string fixed_in;
  for (const auto& p : src.products)
    if (!p.fixed.empty())
      fixed_in += fmt::format("{}{} {} {}", fixed_in.empty() ? "" : ", ", p.vendor, p.product,
                              p.fixed);
  for (size_t i = 0; i < cves.size(); ++i) {
    json::object v;
    if (!cves[i].empty()) v["cve"] = cves[i];
    else v["title"] = src.title;
    json::array notes{
        json::object{{"category", "description"}, {"title", "Summary"}, {"text", summary}}};
    json::object status{{"known_affected", products.affected}};
    if (!products.fixed.empty()) status["fixed"] = products.fixed;
    v["product_status"] = status;
    // One vector for every CVE, or one per CVE in order (checked by the source's parser).
    const CvssScore* score = src.cvss.size() == 1 ? &src.cvss[0]
                             : i < src.cvss.size() ? &src.cvss[i]
                                                   : nullptr;
    if (score && score->version == "4.0") {
      // CSAF 2.0 scores know CVSS v2 and v3 only: a v4.0 vector goes out as a note.
      notes.push_back(json::object{
          {"category", "other"},
          {"title", "CVSS v4.0"},
          {"text", fmt::format("{:.1f} ({}) {}", score->base, score->severity, score->vector)}});
    } else if (score && !products.affected.empty()) {
      v["scores"] = json::array{json::object{{"products", products.affected},
                                             {"cvss_v3", Cvss(*score)}}};
    }
    v["notes"] = std::move(notes);
    if (!fixed_in.empty())
      v["remediations"] = json::array{json::object{
          {"category", "vendor_fix"},
          {"details", "Update to a fixed version: " + fixed_in + "."},
          {"product_ids", products.affected}}};
    out.push_back(v);
  }
  return out;
}

// Pretty-printed with two-space indentation: people read these files too.
void Pretty(const json::value& v, std::string* out, int indent) {
  const std::string pad(static_cast<size_t>(indent) * 2, ' ');
  if (v.is_object()) {
    const auto& o = v.as_object();
    if (o.empty()) {
      *out += "{}";
      return;
    }
    *out += "{\n";
    size_t n = 0;
    for (const auto& [k, val] : o) {
      *out += pad + "  " + json::serialize(json::string(k)) + ": ";
      Pretty(val, out, indent + 1);
      *out += ++n < o.size() ? ",\n" : "\n";
    }
    *out += pad + "}";
  } else if (v.is_array()) {
    const auto& a = v.as_array();
    if (a.empty()) {
      *out += "[]";
      return;
    }
    *out += "[\n";
    for (size_t i = 0; i < a.size(); ++i) {
      *out += pad + "  ";
      Pretty(a[i], out, indent + 1);
      *out += i + 1 < a.size() ? ",\n" : "\n";
    }
    *out += pad + "]";
  } else {
    *out += json::serialize(v);
  }
}

}  // namespace

std::string CsafCategory(const Advisory& a, const AdvisorySource& src) {
  (void)a;
  return src.kind == "advisory" && !src.products.empty() ? "csaf_security_advisory"
                                                         : "csaf_informational_advisory";
}

std::string CsafTlpLabel(Tlp tlp) {
  switch (tlp) {
    case Tlp::kClear: return "WHITE";
    case Tlp::kGreen: return "GREEN";
    case Tlp::kAmber:
    case Tlp::kAmberStrict: return "AMBER";
    default: return "RED";
  }
}

std::string CsafPath(const Advisory& a) {
  const int64_t when = a.published != 0 ? a.published : a.created;
  const std::string year = FormatIsoUtc(when * 1000000).substr(0, 4);
  return fmt::format("{}/{}/{}.json", Lower(CsafTlpLabel(a.tlp)), year, Lower(a.tracking_id));
}

std::string AdvisoryPagePath(const Advisory& a) {
  return fmt::format("advisories/{}.html", a.tracking_id);
}

std::string CsafDocument(const Advisory& a, const AdvisorySource& src, const CsafContext& ctx) {
  const TeamConfig& team = *ctx.team;
  const PublishConfig& pub = *ctx.publish;
  const std::string category = CsafCategory(a, src);
  const std::string text = MarkdownToText(src.body, 100);
  std::string summary = FirstParagraph(text);
  if (summary.empty()) summary = src.title;
  const bool released = a.status == AdvisoryStatus::kPublished ||
                        a.status == AdvisoryStatus::kWithdrawn;
  json::array history;
  if (released) {
    for (const auto& r : a.revisions)
      history.push_back(json::object{{"date", Rfc3339(r.date)},
                                     {"number", std::to_string(r.number)},
                                     {"summary", r.summary}});
  } else {
    history.push_back(json::object{
        {"date", Rfc3339(a.created)}, {"number", "0"}, {"summary", "Draft"}});
  }
  const std::string version = released && !a.revisions.empty()
                                  ? std::to_string(a.revisions.back().number)
                                  : "0";
  const int64_t initial = released ? a.published : a.created;
  const int64_t current = released ? a.current_release() : a.updated;
  json::object tracking{
      {"id", a.tracking_id},
      {"status", released ? "final" : "draft"},
      {"version", version},
      {"revision_history", history},
      {"initial_release_date", Rfc3339(initial)},
      {"current_release_date", Rfc3339(std::max(current, initial))},
      {"generator",
       json::object{{"engine", json::object{{"name", "Belfry"}, {"version", ctx.engine_version}}},
                    {"date", Rfc3339(ctx.now)}}}};
  json::array notes{
      json::object{{"category", "summary"}, {"title", "Summary"}, {"text", summary}}};
  if (TrimAscii(text) != summary)
    notes.push_back(json::object{{"category", "description"}, {"title", "Details"}, {"text", text}});
  if (a.status == AdvisoryStatus::kWithdrawn)
    notes.push_back(json::object{{"category", "general"}, {"title", "Withdrawn"},
                                 {"text", a.revisions.empty() ? std::string("Withdrawn.")
                                                              : a.revisions.back().summary}});
  json::array references{json::object{
      {"category", "self"},
      {"summary", "This advisory on " + team.name + "'s site"},
      {"url", pub.base_url + "/" + AdvisoryPagePath(a)}}};
  if (a.tlp == Tlp::kClear)
    references.push_back(json::object{
        {"category", "self"},
        {"summary", "This document (CSAF)"},
        {"url", pub.base_url + "/.well-known/csaf/" + CsafPath(a)}});
  for (const auto& r : src.references)
    references.push_back(json::object{{"category", "external"}, {"summary", "Reference"}, {"url", r}});
  json::object distribution{
      {"tlp", json::object{{"label", CsafTlpLabel(a.tlp)}, {"url", "https://www.first.org/tlp/"}}}};
  distribution["text"] = fmt::format("TLP:{} (FIRST TLP 2.0).", TlpName(a.tlp));
  json::object document{
      {"category", category},
      {"csaf_version", "2.0"},
      {"publisher", json::object{{"category", pub.publisher_category},
                                 {"name", team.name},
                                 {"namespace", team.website},
                                 {"contact_details", team.email}}},
      {"title", src.title},
      {"lang", src.lang},
      {"distribution", distribution},
      {"notes", notes},
      {"references", references},
      {"tracking", tracking}};
  if (!src.severity.empty()) document["aggregate_severity"] = json::object{{"text", src.severity}};
  json::object root{{"document", document}};
  if (category == "csaf_security_advisory") {
    Products products = ProductTree(src);
    root["product_tree"] = json::object{{"branches", products.vendors}};
    root["vulnerabilities"] = Vulnerabilities(src, products, summary);
  }
  std::string out;
  Pretty(root, &out, 0);
  out += '\n';
  return out;
}

}  // namespace belfry
