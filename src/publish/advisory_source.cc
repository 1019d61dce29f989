#include "publish/advisory_source.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <regex>

#include "publish/version_spec.h"

namespace belfry {

namespace {

bool OneOf(const std::string& v, std::initializer_list<const char*> allowed) {
  for (const char* a : allowed)
    if (v == a) return true;
  return false;
}

// "CVE-2026-12345": the year and at least four digits (CVE's own syntax since 2014).
bool IsCve(std::string_view s) {
  static const std::regex re("CVE-[0-9]{4}-[0-9]{4,19}");
  return std::regex_match(s.begin(), s.end(), re);
}

}  // namespace

Result<AdvisorySource> ParseAdvisorySource(std::string_view text, std::string_view name) {
  auto bad = [&](const std::string& why) {
    return Fail(Error::InvalidInput(fmt::format("{}: {}", name, why)));
  };
  if (text.size() > (8u << 20)) return bad("larger than 8 MiB");
  // The front matter: from a first line "+++" to the next line "+++".
  auto line_end = [&](size_t from) {
    size_t e = text.find('\n', from);
    return e == std::string_view::npos ? text.size() : e;
  };
  auto line_at = [&](size_t from) {
    std::string_view l = text.substr(from, line_end(from) - from);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    return l;
  };
  if (line_at(0) != "+++") return bad("line 1: the front matter must open with a line '+++'");
  size_t pos = line_end(0) + 1, close = std::string_view::npos;
  while (pos < text.size()) {
    if (line_at(pos) == "+++") {
      close = pos;
      break;
    }
    pos = line_end(pos) + 1;
  }
  if (close == std::string_view::npos) return bad("the front matter is not closed by a line '+++'");
  const std::string_view front = text.substr(line_end(0) + 1, close - line_end(0) - 1);
  AdvisorySource out;
  out.body = std::string(text.substr(std::min(text.size(), line_end(close) + 1)));
  toml::table t;
  try {
    t = toml::parse(front);
  } catch (const toml::parse_error& e) {
    // +1: the front matter starts on the file's second line.
    return bad(fmt::format("line {}: {}", e.source().begin.line + 1, e.description()));
  }
  static const std::initializer_list<const char*> kKeys = {
      "title", "audience", "kind", "lang", "tlp", "severity", "cves", "cvss", "products",
      "references"};
  for (const auto& [k, v] : t) {
    bool known = false;
    for (const char* key : kKeys) known = known || k.str() == key;
    if (!known) return bad(fmt::format("unknown key '{}' (known: title, audience, kind, lang, tlp, severity, cves, cvss, products, references)", k.str()));
  }
  auto str = [&](const char* key, std::string* field) -> Status {
    if (const toml::node* n = t.get(key)) {
      if (!n->is_string()) return bad(fmt::format("{} must be a string", key));
      *field = n->as_string()->get();
    }
    return Ok();
  };
  auto list = [&](const char* key, std::vector<std::string>* field) -> Status {
    const toml::node* n = t.get(key);
    if (!n) return Ok();
    if (n->is_string()) {
      field->push_back(n->as_string()->get());
      return Ok();
    }
    if (!n->is_array()) return bad(fmt::format("{} must be a list of strings", key));
    for (const auto& item : *n->as_array()) {
      if (!item.is_string()) return bad(fmt::format("{} must be a list of strings", key));
      field->push_back(item.as_string()->get());
    }
    return Ok();
  };
  std::string tlp = "CLEAR";
  std::vector<std::string> vectors;
  for (auto [key, field] : {std::pair{"title", &out.title}, std::pair{"audience", &out.audience},
                            std::pair{"kind", &out.kind}, std::pair{"lang", &out.lang},
                            std::pair{"tlp", &tlp}, std::pair{"severity", &out.severity}})
    BELFRY_RETURN_IF_ERROR(str(key, field));
  BELFRY_RETURN_IF_ERROR(list("cves", &out.cves));
  BELFRY_RETURN_IF_ERROR(list("cvss", &vectors));
  BELFRY_RETURN_IF_ERROR(list("references", &out.references));
  if (out.title.empty()) return bad("title is required");
  if (out.title.size() > 300) return bad("title: at most 300 characters");
  if (!OneOf(out.audience, {"pro", "citizen"})) return bad("audience: pro or citizen");
  if (!OneOf(out.kind, {"advisory", "recommendation", "warning"}))
    return bad("kind: advisory, recommendation or warning");
  if (!OneOf(out.lang, {"nl", "fr", "en", "de"})) return bad("lang: nl, fr, en or de");
  auto parsed_tlp = ParseTlp(tlp);
  if (!parsed_tlp) return bad("tlp: CLEAR, GREEN, AMBER, AMBER+STRICT or RED");
  out.tlp = *parsed_tlp;
  if (!out.severity.empty() && !OneOf(out.severity, {"low", "medium", "high", "critical"}))
    return bad("severity: low, medium, high or critical");
  for (const auto& c : out.cves)
    if (!IsCve(c)) return bad(fmt::format("cves: '{}' is not a CVE id (CVE-2026-12345)", c));
  for (const auto& v : vectors) {
    auto score = ParseCvss(v);  // v3.0, v3.1 or v4.0
    if (!score) return bad("cvss: " + score.error().message());
    out.cvss.push_back(std::move(*score));
  }
  if (out.cvss.size() > 1 && out.cvss.size() != out.cves.size())
    return bad("cvss: give one vector for every CVE, or one per CVE in the order of cves");
  for (const auto& r : out.references)
    if (r.rfind("https://", 0) != 0 && r.rfind("http://", 0) != 0)
      return bad(fmt::format("references: '{}' is not an http(s) URL", r));
  if (const toml::node* n = t.get("products")) {
    if (!n->is_array_of_tables()) return bad("products must be [[products]] tables");
    size_t i = 0;
    for (const auto& item : *n->as_array()) {
      const toml::table& p = *item.as_table();
      AdvisoryProduct prod;
      for (const auto& [k, v] : p) {
        if (!OneOf(std::string(k.str()), {"vendor", "product", "versions", "fixed", "cpe", "purl"}))
          return bad(fmt::format("products[{}]: unknown key '{}'", i, k.str()));
        if (!v.is_string()) return bad(fmt::format("products[{}].{} must be a string", i, k.str()));
      }
      prod.vendor = p["vendor"].value_or(std::string());
      prod.product = p["product"].value_or(std::string());
      prod.versions = p["versions"].value_or(std::string());
      prod.cpe = p["cpe"].value_or(std::string());
      prod.purl = p["purl"].value_or(std::string());
      prod.fixed = p["fixed"].value_or(std::string());
      if (auto spec = ParseVersionSpec(prod.versions); !spec)
        return bad(fmt::format("products[{}].{}", i, spec.error().message()));
      if (prod.vendor.empty() || prod.product.empty())
        return bad(fmt::format("products[{}]: vendor and product are required", i));
      if (!prod.cpe.empty() && prod.cpe.rfind("cpe:2.3:", 0) != 0 && prod.cpe.rfind("cpe:/", 0) != 0)
        return bad(fmt::format("products[{}].cpe: not a CPE name", i));
      if (!prod.purl.empty() && prod.purl.rfind("pkg:", 0) != 0)
        return bad(fmt::format("products[{}].purl: not a package URL (pkg:...)", i));
      out.products.push_back(std::move(prod));
      ++i;
    }
  }
  return out;
}

}  // namespace belfry
