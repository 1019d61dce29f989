#include "vuln/csaf_import.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <map>
#include <set>

#include "publish/csaf_checks.h"

namespace belfry {

namespace json = boost::json;
using csaf_internal::JsonStr;

namespace {

struct Leaf {
  std::string vendor, product, versions, cpe, purl;
};

// "vers:generic/>=9.0|<9.4.2" -> ">= 9.0 < 9.4.2" (one range); other schemes by the same
// operators; "vers:generic/*" -> "".
std::string FromVers(const std::string& vers) {
  const size_t slash = vers.find('/');
  std::string body = slash == std::string::npos ? "" : vers.substr(slash + 1);
  if (body == "*") return "";
  std::string out;
  size_t start = 0;
  for (size_t i = 0; i <= body.size(); ++i)
    if (i == body.size() || body[i] == '|') {
      std::string c = body.substr(start, i - start);
      start = i + 1;
      size_t op = 0;
      while (op < c.size() && (c[op] == '<' || c[op] == '>' || c[op] == '=' || c[op] == '!')) ++op;
      if (!out.empty()) out += ' ';
      out += (op ? c.substr(0, op) : std::string("=")) + " " + c.substr(op);
    }
  return out;
}

void Walk(const json::array& branches, Leaf ctx, std::map<std::string, Leaf>* leaves) {
  for (const auto& b : branches) {
    if (!b.is_object()) continue;
    const auto& o = b.as_object();
    Leaf here = ctx;
    const std::string category = JsonStr(o, "category"), name = JsonStr(o, "name");
    if (category == "vendor") here.vendor = name;
    if (category == "product_name" || category == "product_family") here.product = name;
    if (category == "product_version") here.versions = name;
    if (category == "product_version_range")
      here.versions = name.rfind("vers:", 0) == 0 ? FromVers(name) : "";
    if (auto p = o.find("product"); p != o.end() && p->value().is_object()) {
      const auto& product = p->value().as_object();
      if (auto h = product.find("product_identification_helper");
          h != product.end() && h->value().is_object()) {
        here.cpe = JsonStr(h->value().as_object(), "cpe");
        here.purl = JsonStr(h->value().as_object(), "purl");
      }
      const std::string id = JsonStr(product, "product_id");
      if (!id.empty()) (*leaves)[id] = here;
    }
    if (auto sub = o.find("branches"); sub != o.end() && sub->value().is_array())
      Walk(sub->value().as_array(), here, leaves);
  }
}

}  // namespace

Result<VendorAdvisory> ReadVendorCsaf(std::string_view json_text, std::string_view name) {
  auto bad = [&](const std::string& why) {
    return Fail(Error::InvalidInput(fmt::format("{}: {}", name, why)));
  };
  if (json_text.size() > (64u << 20)) return bad("larger than 64 MiB");
  boost::system::error_code ec;
  json::value doc = json::parse(json_text, ec);
  if (ec || !doc.is_object()) return bad("not a JSON object");
  auto findings = CheckCsafMandatory(doc);
  if (!findings.empty())
    return bad(fmt::format("fails CSAF mandatory test {} at {}: {}", findings.front().test,
                           findings.front().path, findings.front().message));
  const auto& root = doc.as_object();
  auto d = root.find("document");
  if (d == root.end() || !d->value().is_object()) return bad("no /document");
  const auto& document = d->value().as_object();
  VendorAdvisory out;
  out.title = JsonStr(document, "title");
  if (auto p = document.find("publisher"); p != document.end() && p->value().is_object()) {
    out.publisher = JsonStr(p->value().as_object(), "name");
    out.publisher_namespace = JsonStr(p->value().as_object(), "namespace");
  }
  if (auto t = document.find("tracking"); t != document.end() && t->value().is_object())
    out.tracking_id = JsonStr(t->value().as_object(), "id");
  if (out.tracking_id.empty() || out.publisher_namespace.empty())
    return bad("no /document/tracking/id or /document/publisher/namespace");
  std::map<std::string, Leaf> leaves;
  if (auto tree = root.find("product_tree"); tree != root.end() && tree->value().is_object())
    if (auto b = tree->value().as_object().find("branches");
        b != tree->value().as_object().end() && b->value().is_array())
      Walk(b->value().as_array(), Leaf{}, &leaves);
  std::set<std::string> affected;
  if (auto v = root.find("vulnerabilities"); v != root.end() && v->value().is_array()) {
    for (const auto& vuln : v->value().as_array()) {
      if (!vuln.is_object()) continue;
      const std::string cve = JsonStr(vuln.as_object(), "cve");
      if (!cve.empty()) out.cves.push_back(cve);
      auto status = vuln.as_object().find("product_status");
      if (status == vuln.as_object().end() || !status->value().is_object()) continue;
      for (const char* key : {"known_affected", "first_affected", "last_affected"})
        if (auto ids = status->value().as_object().find(key);
            ids != status->value().as_object().end() && ids->value().is_array())
          for (const auto& id : ids->value().as_array())
            if (id.is_string()) affected.insert(std::string(id.as_string()));
    }
  }
  for (const auto& id : affected) {
    auto it = leaves.find(id);
    if (it == leaves.end() || it->second.vendor.empty() || it->second.product.empty()) continue;
    AdvisoryProduct p;
    p.vendor = it->second.vendor;
    p.product = it->second.product;
    p.versions = it->second.versions;
    p.cpe = it->second.cpe;
    p.purl = it->second.purl;
    out.affected.push_back(std::move(p));
  }
  return out;
}

}  // namespace belfry
