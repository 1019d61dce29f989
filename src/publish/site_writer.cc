#include "publish/site_writer.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/date_time.h"
#include "core/digest.h"
#include "core/text.h"
#include "publish/advisory_desk.h"
#include "publish/csaf_checks.h"
#include "publish/csaf_writer.h"
#include "publish/rfc2350.h"

namespace belfry {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr const char* kCss =
    "body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:0 auto;padding:0 1rem;"
    "color:#1b1f24}header{padding:1rem 0;border-bottom:1px solid #d0d7de}header a{font-weight:"
    "600;color:inherit;text-decoration:none}a{color:#0b57d0}.tlp{display:inline-block;"
    "padding:0 .4rem;background:#000;font-weight:600}.tlp-clear{color:#fff}.tlp-green{color:"
    "#33ff00}.tlp-amber,.tlp-amber\\+strict{color:#ffc000}.tlp-red{color:#ff2b2b}.facts{display:"
    "grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}.facts dt{font-weight:600}"
    ".severity.critical{color:#a40e26}.severity.high{color:#bc4c00}.withdrawn{color:#6e7781;"
    "text-decoration:line-through}p.withdrawn{text-decoration:none;border-left:4px solid #a40e26;"
    "padding-left:.6rem}ul.advisories{list-style:none;padding:0}ul.advisories li{padding:.3rem 0;"
    "border-bottom:1px solid #eaeef2}.id{color:#6e7781;font-size:.85em}table{border-collapse:"
    "collapse}td,th{border:1px solid #d0d7de;padding:.2rem .5rem}code{font-size:.9em}\n";

bool Public(const Advisory& a) { return a.tlp == Tlp::kClear; }
bool Released(const Advisory& a) {
  return a.status == AdvisoryStatus::kPublished || a.status == AdvisoryStatus::kWithdrawn;
}
bool HasCsaf(const Advisory& a) { return Public(a) && a.audience == "pro"; }
std::string Stamp(int64_t s) { return FormatIsoUtc(s * 1000000); }

Status CheckDocument(const Advisory& a, const std::string& doc) {
  auto findings = CheckCsafMandatoryText(doc);
  if (!findings) return Fail(findings.error());
  if (findings->empty()) return Ok();
  const auto& f = findings->front();
  std::string hint;
  if (f.test == "6.1.27.2") hint = " (an advisory without products needs an external reference)";
  return Fail(Error::InvalidInput(fmt::format("{}: its CSAF document would fail mandatory test {} "
                                              "at {}: {}{}",
                                              a.tracking_id, f.test, f.path, f.message, hint)));
}

}  // namespace

Status SiteWriter::Check(const Advisory& a) const {
  if (!HasCsaf(a)) return Ok();
  auto src = SourceOf(a);
  if (!src) return Fail(src.error());
  CsafContext ctx{site_.team, site_.publish, clock_.NowSeconds(), site_.engine_version};
  return CheckDocument(a, CsafDocument(a, *src, ctx));
}

Status WriteFileAtomically(const std::string& path, std::string_view content) {
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  if (ec) return Fail(Error::Io(fmt::format("cannot create the folder of {}: {}", path, ec.message())));
  const std::string tmp = fmt::format("{}.tmp{}", path, getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out.flush()) return Fail(Error::Io(fmt::format("cannot write {}", tmp)));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Fail(Error::Io(fmt::format("cannot rename {} into place", path)));
  }
  return Ok();
}

// Every released advisory without its source, newest release first.
struct SiteWriter::Listing {
  std::vector<Advisory> released;
};

SiteWriter::SiteWriter(AdvisoryStore* store, SiteInfo site, std::string dir, SiteSigning signing,
                       const Clock& clock)
    : store_(store),
      site_(site),
      dir_(std::move(dir)),
      signing_(std::move(signing)),
      clock_(clock) {}

Result<SiteWriter::Listing> SiteWriter::List() {
  site_.now = clock_.NowSeconds();
  AdvisoryFilter f;
  f.with_source = false;
  auto all = store_->ListAdvisories(f);
  if (!all) return Fail(all.error());
  Listing l;
  for (auto& a : *all)
    if (Released(a)) l.released.push_back(std::move(a));
  std::stable_sort(l.released.begin(), l.released.end(), [](const Advisory& x, const Advisory& y) {
    return x.published > y.published;
  });
  return l;
}

Status SiteWriter::WriteAdvisory(const Advisory& a, const Listing& listing) {
  const std::string page = AdvisoryPagePath(a);  // advisories/ID.html
  const std::string name = fs::path(page).filename().string();
  // A revision may change the TLP: no copy stays where it no longer belongs.
  std::error_code ec;
  for (const char* tlp : {"clear", "green", "amber", "amber+strict", "red"})
    fs::remove(fmt::format("{}/restricted/{}/{}", dir_, tlp, name), ec);
  fs::remove(dir_ + "/" + page, ec);
  const std::string csaf = CsafPath(a);
  const std::string tail = csaf.substr(csaf.find('/'));  // "/2026/belfry-2026-0007.json"
  for (const char* label : {"white", "green", "amber", "red"})
    for (const char* ext : {"", ".sha512", ".asc"})
      fs::remove(fmt::format("{}/.well-known/csaf/{}{}{}", dir_, label, tail, ext), ec);
  if (!Released(a)) return Ok();
  auto src = SourceOf(a);
  if (!src) return Fail(src.error());
  std::vector<Advisory> translations;
  for (const auto& other : listing.released)
    if (other.id != a.id && other.group() == a.group()) translations.push_back(other);
  const std::string html = AdvisoryPageHtml(a, *src, translations, site_);
  const std::string where =
      Public(a) ? dir_ + "/" + page
                : fmt::format("{}/restricted/{}/{}", dir_, AsciiLowerCopy(TlpName(a.tlp)), name);
  BELFRY_RETURN_IF_ERROR(WriteFileAtomically(where, html));
  if (!HasCsaf(a)) return Ok();
  CsafContext ctx{site_.team, site_.publish, site_.now, site_.engine_version};
  const std::string doc = CsafDocument(a, *src, ctx);
  BELFRY_RETURN_IF_ERROR(CheckDocument(a, doc));  // never one an aggregator would reject
  const std::string base = dir_ + "/.well-known/csaf/" + CsafPath(a);
  const std::string file = fs::path(base).filename().string();
  BELFRY_RETURN_IF_ERROR(WriteFileAtomically(base, doc));
  BELFRY_RETURN_IF_ERROR(
      WriteFileAtomically(base + ".sha512", fmt::format("{}  {}\n", Sha512Hex(doc), file)));
  if (signing_.sign) {
    auto sig = signing_.sign(doc);
    if (!sig) return Fail(sig.error());
    BELFRY_RETURN_IF_ERROR(WriteFileAtomically(base + ".asc", *sig));
  }
  return Ok();
}

Status SiteWriter::WriteEdition(const std::string& audience, const std::string& lang,
                                const Listing& listing) {
  std::vector<const Advisory*> list;
  for (const auto& a : listing.released)
    if (Public(a) && a.audience == audience && a.lang == lang) list.push_back(&a);
  const std::string name = EditionName(audience, lang);
  BELFRY_RETURN_IF_ERROR(WriteFileAtomically(fmt::format("{}/advisories/{}.html", dir_, name),
                                             AdvisoryIndexHtml(audience, lang, list, site_)));
  std::vector<std::pair<Advisory, AdvisorySource>> entries;
  for (const Advisory* lean : list) {
    if (entries.size() >= static_cast<size_t>(site_.publish->feed_entries)) break;
    auto full = store_->GetAdvisory(lean->id);
    if (!full) return Fail(full.error());
    if (!*full) continue;
    auto src = SourceOf(**full);
    if (!src) return Fail(src.error());
    entries.emplace_back(std::move(**full), std::move(*src));
  }
  return WriteFileAtomically(fmt::format("{}/feeds/{}.atom", dir_, name),
                             AtomFeed(audience, lang, entries, site_));
}

Status SiteWriter::WriteShared(const Listing& listing) {
  std::set<std::pair<std::string, std::string>> seen;
  std::vector<std::pair<std::string, std::string>> editions;
  std::vector<const Advisory*> latest;
  for (const auto& a : listing.released) {
    if (!Public(a)) continue;
    if (seen.insert({a.audience, a.lang}).second) editions.emplace_back(a.audience, a.lang);
    if (latest.size() < 20) latest.push_back(&a);
  }
  std::sort(editions.begin(), editions.end());
  BELFRY_RETURN_IF_ERROR(WriteFileAtomically(dir_ + "/advisories/site.css", kCss));
  BELFRY_RETURN_IF_ERROR(WriteFileAtomically(dir_ + "/advisories/index.html",
                                             SiteHomeHtml(editions, latest, site_)));
  BELFRY_RETURN_IF_ERROR(WriteRfc2350());
  return WriteProvider(listing);
}

Status SiteWriter::WriteRfc2350() {
  site_.now = clock_.NowSeconds();
  Rfc2350Context ctx;
  ctx.date = site_.team->rfc2350_updated.empty() ? FormatIsoUtc(site_.now * 1000000).substr(0, 10)
                                                 : site_.team->rfc2350_updated;
  ctx.base_url = site_.publish->base_url;
  ctx.key_fingerprint = signing_.fingerprint;
  std::string text = Rfc2350Text(*site_.team, ctx);
  if (signing_.clear_sign) {
    auto signed_text = signing_.clear_sign(text);
    if (!signed_text) return Fail(signed_text.error());
    text = std::move(*signed_text);
  }
  BELFRY_RETURN_IF_ERROR(WriteFileAtomically(dir_ + "/rfc2350.txt", text));
  return WriteFileAtomically(dir_ + "/rfc2350.html", Rfc2350Html(*site_.team, ctx));
}

Status SiteWriter::WriteProvider(const Listing& listing) {
  const std::string& base_url = site_.publish->base_url;
  const std::string csaf_url = base_url + "/.well-known/csaf";
  const std::string white = dir_ + "/.well-known/csaf/white";
  std::vector<const Advisory*> docs;
  for (const auto& a : listing.released)
    if (HasCsaf(a)) docs.push_back(&a);
  std::sort(docs.begin(), docs.end(), [](const Advisory* x, const Advisory* y) {
    return x->current_release() > y->current_release();
  });
  // The ROLIE feed written directly: it lists every document (thousands), and a DOM of it
  // cost more than everything else a publication does.
  std::string index, changes, entries;
  const std::string feed_url = csaf_url + "/white/csaf-feed-tlp-white.json";
  auto str = [](std::string_view v) {
    std::string out;
    AppendJsonString(v, &out);
    return out;
  };
  for (const Advisory* a : docs) {
    const std::string rel = CsafPath(*a).substr(6);  // without "white/"
    index += rel + "\n";
    changes += fmt::format("\"{}\",\"{}\"\n", rel, Stamp(a->current_release()));
    const std::string url = str(csaf_url + "/white/" + rel);
    std::string links = fmt::format("{{\"rel\":\"self\",\"href\":{}}},{{\"rel\":\"hash\",\"href\":{}}}",
                                    url, str(csaf_url + "/white/" + rel + ".sha512"));
    if (signing_.sign)
      links += fmt::format(",{{\"rel\":\"signature\",\"href\":{}}}",
                           str(csaf_url + "/white/" + rel + ".asc"));
    if (!entries.empty()) entries += ",";
    entries += fmt::format(
        "{{\"id\":{},\"title\":{},\"link\":[{}],\"published\":\"{}\",\"updated\":\"{}\","
        "\"content\":{{\"type\":\"application/json\",\"src\":{}}},\"format\":{{\"schema\":"
        "\"https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json\",\"version\":\"2.0\"}}}}",
        str(a->tracking_id), str(a->title), links, Stamp(a->published), Stamp(a->current_release()),
        url);
  }
  const int64_t updated = docs.empty() ? site_.now : docs.front()->current_release();
  const std::string rolie = fmt::format(
      "{{\"feed\":{{\"id\":{},\"title\":{},\"link\":[{{\"rel\":\"self\",\"href\":{}}}],"
      "\"category\":[{{\"scheme\":\"urn:ietf:params:rolie:category:information-type\","
      "\"term\":\"csaf\"}}],\"updated\":\"{}\",\"entry\":[{}]}}}}\n",
      str(AsciiLowerCopy(site_.team->short_name) + "-csaf-feed-tlp-white"),
      str(site_.team->name + " CSAF feed (TLP:WHITE)"), str(feed_url), Stamp(updated), entries);
  BELFRY_RETURN_IF_ERROR(WriteFileAtomically(white + "/index.txt", index));
  BELFRY_RETURN_IF_ERROR(WriteFileAtomically(white + "/changes.csv", changes));
  BELFRY_RETURN_IF_ERROR(WriteFileAtomically(white + "/csaf-feed-tlp-white.json", rolie));
  // A trusted provider signs every document; without a team key Belfry says it is a
  // plain provider rather than claim what it does not do.
  json::object meta{
      {"canonical_url", csaf_url + "/provider-metadata.json"},
      {"distributions",
       json::array{json::object{
           {"directory_url", csaf_url + "/white/"},
           {"rolie", json::object{{"feeds", json::array{json::object{
                                                {"summary", "TLP:WHITE advisories"},
                                                {"tlp_label", "WHITE"},
                                                {"url", feed_url}}}}}}}}},
      {"last_updated", Stamp(updated)},
      {"list_on_CSAF_aggregators", true},
      {"metadata_version", "2.0"},
      {"mirror_on_CSAF_aggregators", true},
      {"publisher", json::object{{"category", site_.publish->publisher_category},
                                 {"name", site_.team->name},
                                 {"namespace", site_.team->website},
                                 {"contact_details", site_.team->email}}},
      {"role", signing_.sign ? "csaf_trusted_provider" : "csaf_provider"}};
  if (signing_.sign && !signing_.fingerprint.empty()) {
    const std::string key_url = fmt::format("{}/openpgp/{}.asc", csaf_url, signing_.fingerprint);
    meta["public_openpgp_keys"] =
        json::array{json::object{{"fingerprint", signing_.fingerprint}, {"url", key_url}}};
    BELFRY_RETURN_IF_ERROR(WriteFileAtomically(
        fmt::format("{}/.well-known/csaf/openpgp/{}.asc", dir_, signing_.fingerprint),
        signing_.public_key));
  }
  return WriteFileAtomically(dir_ + "/.well-known/csaf/provider-metadata.json",
                             json::serialize(meta) + "\n");
}

Status SiteWriter::Update(const Advisory& a) {
  auto listing = List();
  if (!listing) return Fail(listing.error());
  // The advisory and its translations (their pages name each other).
  AdvisoryFilter group;
  group.group = a.group();
  auto members = store_->ListAdvisories(group);
  if (!members) return Fail(members.error());
  std::set<std::pair<std::string, std::string>> editions;
  for (const auto& m : *members) {
    BELFRY_RETURN_IF_ERROR(WriteAdvisory(m, *listing));
    if (Released(m)) editions.insert({m.audience, m.lang});
  }
  editions.insert({a.audience, a.lang});
  for (const auto& [audience, lang] : editions)
    BELFRY_RETURN_IF_ERROR(WriteEdition(audience, lang, *listing));
  return WriteShared(*listing);
}

Result<size_t> SiteWriter::Rebuild() {
  auto listing = List();
  if (!listing) return Fail(listing.error());
  std::set<std::pair<std::string, std::string>> editions;
  for (const auto& lean : listing->released) {
    auto full = store_->GetAdvisory(lean.id);
    if (!full) return Fail(full.error());
    if (!*full) continue;
    BELFRY_RETURN_IF_ERROR(WriteAdvisory(**full, *listing));
    editions.insert({lean.audience, lean.lang});
  }
  for (const auto& [audience, lang] : editions)
    BELFRY_RETURN_IF_ERROR(WriteEdition(audience, lang, *listing));
  BELFRY_RETURN_IF_ERROR(WriteShared(*listing));
  return listing->released.size();
}

}  // namespace belfry
