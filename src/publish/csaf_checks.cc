#include "publish/csaf_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "core/text.h"

namespace belfry {

namespace json = boost::json;

namespace {

const json::object* Obj(const json::value* v) { return v && v->is_object() ? &v->as_object() : nullptr; }
const json::array* Arr(const json::object* o, std::string_view key) {
  if (!o) return nullptr;
  auto it = o->find(key);
  return it != o->end() && it->value().is_array() ? &it->value().as_array() : nullptr;
}
const json::object* Sub(const json::object* o, std::string_view key) {
  if (!o) return nullptr;
  auto it = o->find(key);
  return it != o->end() ? Obj(&it->value()) : nullptr;
}
std::string Str(const json::object* o, std::string_view key) {
  return o ? csaf_internal::JsonStr(*o, key) : std::string();
}
std::vector<std::string> Strings(const json::object* o, std::string_view key) {
  std::vector<std::string> out;
  if (const auto* a = Arr(o, key))
    for (const auto& v : *a)
      if (v.is_string()) out.emplace_back(v.as_string());
  return out;
}

struct Checker {
  std::vector<CsafFinding>* out;
  std::map<std::string, std::string> defined_products;  // id -> where
  std::map<std::string, std::vector<std::string>> groups;  // group id -> product ids

  void Add(const char* test, std::string path, std::string message) {
    out->push_back({test, std::move(path), std::move(message)});
  }

  // 6.1.2, 6.1.25, 6.1.31 on every product definition.
  void DefineProduct(const json::object* full, const std::string& path) {
    if (!full) return;
    const std::string id = Str(full, "product_id");
    if (!id.empty() && !defined_products.emplace(id, path).second)
      Add("6.1.2", path + "/product_id", fmt::format("product id {} defined twice", id));
    const json::object* helper = Sub(full, "product_identification_helper");
    if (const std::string purl = Str(helper, "purl"); !purl.empty())
      CheckPurl(purl, path + "/product_identification_helper/purl");
    if (const auto* hashes = Arr(helper, "hashes")) {
      for (size_t i = 0; i < hashes->size(); ++i) {
        std::set<std::string> seen;
        if (const auto* files = Arr(Obj(&(*hashes)[i]), "file_hashes"))
          for (size_t j = 0; j < files->size(); ++j)
            if (!seen.insert(AsciiLowerCopy(Str(Obj(&(*files)[j]), "algorithm"))).second)
              Add("6.1.25", fmt::format("{}/product_identification_helper/hashes/{}/file_hashes/{}", path, i, j),
                  "the same hash algorithm twice for one file");
      }
    }
  }

  void Branches(const json::array* branches, const std::string& path) {
    if (!branches) return;
    for (size_t i = 0; i < branches->size(); ++i) {
      const json::object* b = Obj(&(*branches)[i]);
      const std::string p = fmt::format("{}/{}", path, i);
      if (Str(b, "category") == "product_version") CheckVersionName(Str(b, "name"), p + "/name");
      DefineProduct(Sub(b, "product"), p + "/product");
      Branches(Arr(b, "branches"), p + "/branches");
    }
  }

  // 6.1.31: a product_version names one version, never a range.
  void CheckVersionName(const std::string& name, const std::string& path) {
    const std::string lower = AsciiLowerCopy(name);
    if (lower.find('<') != std::string::npos || lower.find('>') != std::string::npos) {
      Add("6.1.31", path, fmt::format("'{}' is a version range in a product_version", name));
      return;
    }
    // The words of 6.1.31, as whole words: "after-eight" is a name, "after 4.2" a range.
    static const char* kWords[] = {"after", "all", "before", "earlier", "later", "prior", "versions"};
    size_t i = 0;
    while (i < lower.size()) {
      while (i < lower.size() && std::isspace(static_cast<unsigned char>(lower[i]))) ++i;
      size_t s = i;
      while (i < lower.size() && !std::isspace(static_cast<unsigned char>(lower[i]))) ++i;
      const std::string word = lower.substr(s, i - s);
      for (const char* w : kWords)
        if (word == w) {
          Add("6.1.31", path, fmt::format("'{}' is a version range in a product_version", name));
          return;
        }
    }
  }

  // 6.1.13: pkg:type/namespace/name@version?qualifiers#subpath, with a type and a name.
  void CheckPurl(const std::string& purl, const std::string& path) {
    bool ok = purl.rfind("pkg:", 0) == 0;
    std::string rest = ok ? purl.substr(4) : "";
    rest = rest.substr(0, rest.find_first_of("?#"));
    const size_t slash = rest.find('/');
    const std::string type = rest.substr(0, slash);
    ok = ok && slash != std::string::npos && !type.empty() &&
         std::isalpha(static_cast<unsigned char>(type[0]));
    for (char c : type) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '-');
    if (ok) {
      std::string tail = rest.substr(slash + 1);
      tail = tail.substr(0, tail.find('@'));
      while (!tail.empty() && tail.back() == '/') tail.pop_back();
      const std::string name = tail.substr(tail.rfind('/') == std::string::npos ? 0 : tail.rfind('/') + 1);
      ok = !name.empty();
    }
    if (!ok) Add("6.1.13", path, fmt::format("'{}' is not a package URL", purl));
  }

  void Reference(const std::string& id, const std::string& path) {
    if (!defined_products.count(id))
      Add("6.1.1", path, fmt::format("product id {} is not defined", id));
  }
  void References(const json::object* o, std::string_view key, const std::string& path) {
    auto ids = Strings(o, key);
    for (size_t i = 0; i < ids.size(); ++i) Reference(ids[i], fmt::format("{}/{}/{}", path, key, i));
  }
  void GroupReferences(const json::object* o, const std::string& path) {
    auto ids = Strings(o, "group_ids");
    for (size_t i = 0; i < ids.size(); ++i)
      if (!groups.count(ids[i]))
        Add("6.1.4", fmt::format("{}/group_ids/{}", path, i),
            fmt::format("product group id {} is not defined", ids[i]));
  }
  // The products an item names, directly or through its groups.
  std::set<std::string> Products(const json::object* o) {
    std::set<std::string> out;
    for (auto& id : Strings(o, "product_ids")) out.insert(id);
    for (auto& g : Strings(o, "group_ids"))
      if (auto it = groups.find(g); it != groups.end()) out.insert(it->second.begin(), it->second.end());
    return out;
  }

  void ProductTree(const json::object* tree) {
    if (!tree) return;
    Branches(Arr(tree, "branches"), "/product_tree/branches");
    if (const auto* names = Arr(tree, "full_product_names"))
      for (size_t i = 0; i < names->size(); ++i)
        DefineProduct(Obj(&(*names)[i]), fmt::format("/product_tree/full_product_names/{}", i));
    const auto* relationships = Arr(tree, "relationships");
    if (relationships)
      for (size_t i = 0; i < relationships->size(); ++i)
        DefineProduct(Sub(Obj(&(*relationships)[i]), "full_product_name"),
                      fmt::format("/product_tree/relationships/{}/full_product_name", i));
    if (const auto* list = Arr(tree, "product_groups"))
      for (size_t i = 0; i < list->size(); ++i) {
        const json::object* g = Obj(&(*list)[i]);
        const std::string p = fmt::format("/product_tree/product_groups/{}", i);
        const std::string id = Str(g, "group_id");
        if (groups.count(id))
          Add("6.1.5", p + "/group_id", fmt::format("product group id {} defined twice", id));
        groups[id] = Strings(g, "product_ids");
        References(g, "product_ids", p);
      }
    if (relationships)
      for (size_t i = 0; i < relationships->size(); ++i) {
        const json::object* r = Obj(&(*relationships)[i]);
        const std::string p = fmt::format("/product_tree/relationships/{}", i);
        const std::string own = Str(Sub(r, "full_product_name"), "product_id");
        for (const char* key : {"product_reference", "relates_to_product_reference"}) {
          const std::string ref = Str(r, key);
          Reference(ref, p + "/" + key);
          if (!own.empty() && ref == own)
            Add("6.1.3", p + "/" + key, fmt::format("product id {} is defined by itself", own));
        }
      }
  }

  void Vulnerability(const json::object* v, const std::string& p, const std::string& category,
                     std::set<std::string>* cves) {
    static const std::map<std::string, std::string> kStatusGroup = {
        {"first_affected", "affected"}, {"known_affected", "affected"},
        {"last_affected", "affected"},  {"known_not_affected", "not affected"},
        {"first_fixed", "fixed"},       {"fixed", "fixed"},
        {"recommended", ""},            {"under_investigation", "under investigation"}};
    const std::string cve = Str(v, "cve");
    if (!cve.empty() && !cves->insert(cve).second)
      Add("6.1.23", p + "/cve", fmt::format("{} is used by two vulnerabilities", cve));
    const json::object* status = Sub(v, "product_status");
    std::map<std::string, std::string> product_group;  // product -> its status group
    std::set<std::string> affected, not_affected;
    for (const auto& [key, group] : kStatusGroup) {
      auto ids = Strings(status, key);
      for (size_t i = 0; i < ids.size(); ++i) {
        const std::string path = fmt::format("{}/product_status/{}/{}", p, key, i);
        Reference(ids[i], path);
        if (group.empty()) continue;
        if (group == "affected") affected.insert(ids[i]);
        if (group == "not affected") not_affected.insert(ids[i]);
        auto [it, fresh] = product_group.emplace(ids[i], group);
        if (!fresh && it->second != group)
          Add("6.1.6", path, fmt::format("{} is both {} and {}", ids[i], it->second, group));
      }
    }
    if (const auto* list = Arr(v, "scores"))
      for (size_t i = 0; i < list->size(); ++i)
        References(Obj(&(*list)[i]), "products", fmt::format("{}/scores/{}", p, i));
    std::set<std::string> remediated, impact_stated;
    if (const auto* list = Arr(v, "remediations"))
      for (size_t i = 0; i < list->size(); ++i) {
        const json::object* r = Obj(&(*list)[i]);
        const std::string rp = fmt::format("{}/remediations/{}", p, i);
        References(r, "product_ids", rp);
        GroupReferences(r, rp);
        if (!Arr(r, "product_ids") && !Arr(r, "group_ids"))
          Add("6.1.29", rp, "a remediation names no product and no group");
        for (auto& id : Products(r)) remediated.insert(id);
      }
    if (const auto* list = Arr(v, "threats"))
      for (size_t i = 0; i < list->size(); ++i) {
        const json::object* t = Obj(&(*list)[i]);
        const std::string tp = fmt::format("{}/threats/{}", p, i);
        References(t, "product_ids", tp);
        GroupReferences(t, tp);
        if (Str(t, "category") == "impact")
          for (auto& id : Products(t)) impact_stated.insert(id);
      }
    std::map<std::string, int> flags_per_product;
    if (const auto* list = Arr(v, "flags"))
      for (size_t i = 0; i < list->size(); ++i) {
        const json::object* f = Obj(&(*list)[i]);
        const std::string fp = fmt::format("{}/flags/{}", p, i);
        References(f, "product_ids", fp);
        GroupReferences(f, fp);
        if (!Arr(f, "product_ids") && !Arr(f, "group_ids"))
          Add("6.1.32", fp, "a flag names no product and no group");
        for (auto& id : Products(f)) {
          impact_stated.insert(id);
          if (++flags_per_product[id] == 2)
            Add("6.1.33", fp, fmt::format("{} has more than one flag", id));
        }
      }
    std::set<std::pair<std::string, std::string>> involvements;
    if (const auto* list = Arr(v, "involvements"))
      for (size_t i = 0; i < list->size(); ++i) {
        const json::object* inv = Obj(&(*list)[i]);
        if (!involvements.insert({Str(inv, "party"), Str(inv, "date")}).second)
          Add("6.1.24", fmt::format("{}/involvements/{}", p, i),
              "two involvements of the same party at the same date");
      }
    const bool advisory = category == "csaf_security_advisory", vex = category == "csaf_vex";
    if ((advisory || vex) && !Arr(v, "notes"))
      Add("6.1.27.5", p, "a vulnerability without notes");
    if (advisory && !status) Add("6.1.27.6", p, "a vulnerability without product_status");
    if (vex) {
      bool any = false;
      for (const char* k : {"fixed", "known_affected", "known_not_affected", "under_investigation"})
        any = any || Arr(status, k);
      if (!any) Add("6.1.27.7", p, "no fixed, known_affected, known_not_affected or under_investigation");
      if (cve.empty() && !Arr(v, "ids")) Add("6.1.27.8", p, "neither cve nor ids");
      for (const auto& id : not_affected)
        if (!impact_stated.count(id))
          Add("6.1.27.9", p, fmt::format("{} is not affected without an impact statement", id));
      for (const auto& id : affected)
        if (!remediated.count(id))
          Add("6.1.27.10", p, fmt::format("{} is affected without an action statement", id));
    }
  }

  void Document(const json::object& root) {
    const json::object* document = Sub(&root, "document");
    const std::string category = Str(document, "category");
    // 6.1.26: the csaf_ prefix and the profiles' names belong to the profiles.
    static const std::set<std::string> kProfiles = {
        "csaf_base", "csaf_security_incident_response", "csaf_informational_advisory",
        "csaf_security_advisory", "csaf_vex"};
    if (!kProfiles.count(category)) {
      std::string norm;
      for (char c : AsciiLowerCopy(category))
        if (c != ' ' && c != '-' && c != '_' && c != '\t') norm += c;
      static const std::set<std::string> kNames = {
          "securityincidentresponse", "informationaladvisory", "securityadvisory", "vex"};
      if (norm.rfind("csaf", 0) == 0 || kNames.count(norm))
        Add("6.1.26", "/document/category",
            fmt::format("'{}' is reserved for a profile or too close to one", category));
    }
    if (document) {
      csaf_internal::CheckTracking(*document, out);
      csaf_internal::CheckLanguages(*document, out);
    }
    const json::object* tree = Sub(&root, "product_tree");
    ProductTree(tree);
    const json::array* vulnerabilities = Arr(&root, "vulnerabilities");
    std::set<std::string> cves;
    if (vulnerabilities) {
      for (size_t i = 0; i < vulnerabilities->size(); ++i)
        Vulnerability(Obj(&(*vulnerabilities)[i]), fmt::format("/vulnerabilities/{}", i), category,
                      &cves);
      csaf_internal::CheckScores(*vulnerabilities, out);
    }
    // The profiles' own tests (6.1.27.x).
    if (category == "csaf_informational_advisory" || category == "csaf_security_incident_response") {
      bool note = false;
      if (const auto* notes = Arr(document, "notes"))
        for (const auto& n : *notes) {
          const std::string c = Str(Obj(&n), "category");
          note = note || c == "description" || c == "details" || c == "general" || c == "summary";
        }
      if (!note) Add("6.1.27.1", "/document/notes", "no description, details, general or summary note");
      bool external = false;
      if (const auto* refs = Arr(document, "references"))
        for (const auto& r : *refs) external = external || Str(Obj(&r), "category") == "external";
      if (!external) Add("6.1.27.2", "/document/references", "no external reference");
    }
    if (category == "csaf_informational_advisory" && vulnerabilities)
      Add("6.1.27.3", "/vulnerabilities", "an informational advisory has no vulnerabilities");
    if ((category == "csaf_security_advisory" || category == "csaf_vex") && !tree)
      Add("6.1.27.4", "/product_tree", "missing");
    if ((category == "csaf_security_advisory" || category == "csaf_vex") && !vulnerabilities)
      Add("6.1.27.11", "/vulnerabilities", "missing");
  }
};

}  // namespace

namespace csaf_internal {
std::string JsonStr(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}
}  // namespace csaf_internal

std::vector<CsafFinding> CheckCsafMandatory(const json::value& doc) {
  std::vector<CsafFinding> out;
  if (!doc.is_object()) {
    out.push_back({"schema", "", "a CSAF document is a JSON object"});
    return out;
  }
  Checker c{&out, {}, {}};
  c.Document(doc.as_object());
  return out;
}

Result<std::vector<CsafFinding>> CheckCsafMandatoryText(std::string_view json_text) {
  boost::system::error_code ec;
  json::value doc = json::parse(json_text, ec);
  if (ec) return Fail(Error::InvalidInput(fmt::format("not JSON: {}", ec.message())));
  return CheckCsafMandatory(doc);
}

}  // namespace belfry
