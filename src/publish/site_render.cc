#include "publish/site_render.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/date_time.h"
#include "core/text.h"
#include "publish/csaf_writer.h"
#include "publish/markdown.h"

namespace belfry {

namespace {

// The pages' own words in each language an advisory may be written in.
struct Words {
  const char* lang;
  const char *pro, *citizen, *severity, *published, *updated, *revisions, *products, *fixed,
      *references, *also_in, *withdrawn, *feed, *tlp, *cves, *all_versions, *csaf, *latest;
};
constexpr Words kWords[] = {
    {"en", "Advisories for professionals", "Advice for citizens", "Severity", "Published",
     "Updated", "Revision history", "Affected products", "fixed in", "References",
     "Also in", "This advisory was withdrawn", "Atom feed", "TLP", "CVE", "all versions",
     "CSAF document", "Latest publications"},
    {"nl", "Adviezen voor professionals", "Adviezen voor burgers", "Ernst", "Gepubliceerd",
     "Bijgewerkt", "Revisiegeschiedenis", "Getroffen producten", "opgelost in", "Referenties",
     "Ook in het", "Dit advies werd ingetrokken", "Atom-feed", "TLP", "CVE", "alle versies",
     "CSAF-document", "Recente publicaties"},
    {"fr", "Avis aux professionnels", "Conseils aux citoyens", "Gravité", "Publié", "Mis à jour",
     "Historique des révisions", "Produits concernés", "corrigé en", "Références",
     "Aussi en", "Cet avis a été retiré", "Flux Atom", "TLP", "CVE", "toutes les versions",
     "Document CSAF", "Dernières publications"},
    {"de", "Warnungen für Fachleute", "Hinweise für Bürger", "Schweregrad", "Veröffentlicht",
     "Aktualisiert", "Revisionsverlauf", "Betroffene Produkte", "behoben in", "Referenzen",
     "Auch auf", "Diese Warnung wurde zurückgezogen", "Atom-Feed", "TLP", "CVE",
     "alle Versionen", "CSAF-Dokument", "Neueste Veröffentlichungen"},
};

const Words& W(const std::string& lang) {
  for (const auto& w : kWords)
    if (lang == w.lang) return w;
  return kWords[0];
}

const char* LanguageName(const std::string& lang) {
  if (lang == "nl") return "Nederlands";
  if (lang == "fr") return "Français";
  if (lang == "de") return "Deutsch";
  return "English";
}

std::string Day(int64_t unix_seconds) { return FormatIsoUtc(unix_seconds * 1000000).substr(0, 10); }
std::string Stamp(int64_t unix_seconds) { return FormatIsoUtc(unix_seconds * 1000000); }

std::string E(std::string_view s) { return EscapeHtml(s); }

std::string Head(const std::string& lang, const std::string& title, const SiteInfo& site,
                 const std::string& feed) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{} – {}</title>\n<link rel=\"stylesheet\" href=\"/advisories/site.css\">\n",
      E(lang), E(title), E(site.team->name));
  if (!feed.empty())
    out += fmt::format("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"{}\">\n",
                       E(feed));
  out += fmt::format("</head>\n<body>\n<header><a href=\"/advisories/\">{}</a></header>\n<main>\n",
                     E(site.team->name));
  return out;
}

constexpr const char* kFoot = "</main>\n</body>\n</html>\n";

std::string AudienceTitle(const std::string& audience, const std::string& lang) {
  return audience == "citizen" ? W(lang).citizen : W(lang).pro;
}

std::string ListItems(const std::vector<const Advisory*>& list) {
  std::string out = "<ul class=\"advisories\">\n";
  for (const Advisory* p : list) {
    const Advisory& a = *p;
    out += fmt::format(
        "<li{}><time datetime=\"{}\">{}</time> <a href=\"/{}\">{}</a> <span class=\"id\">{}</span>"
        "{}</li>\n",
        a.status == AdvisoryStatus::kWithdrawn ? " class=\"withdrawn\"" : "", Stamp(a.published),
        Day(a.published), E(AdvisoryPagePath(a)), E(a.title), E(a.tracking_id),
        a.severity.empty() ? "" : fmt::format(" <span class=\"severity {0}\">{0}</span>",
                                              E(a.severity)));
  }
  return out + "</ul>\n";
}

}  // namespace

std::string EditionName(const std::string& audience, const std::string& lang) {
  return audience + "-" + lang;
}

std::string AdvisoryPageHtml(const Advisory& a, const AdvisorySource& src,
                             const std::vector<Advisory>& translations, const SiteInfo& site) {
  const Words& w = W(a.lang);
  const std::string feed = "/feeds/" + EditionName(a.audience, a.lang) + ".atom";
  std::string out = Head(a.lang, a.title, site, a.tlp == Tlp::kClear ? feed : "");
  out += fmt::format("<article class=\"advisory {} {}\">\n", E(a.audience), E(a.kind));
  out += fmt::format("<p class=\"tlp tlp-{}\">TLP:{}</p>\n", E(AsciiLowerCopy(TlpName(a.tlp))),
                     E(TlpName(a.tlp)));
  out += fmt::format("<h1>{}</h1>\n", E(a.title));
  if (a.status == AdvisoryStatus::kWithdrawn)
    out += fmt::format("<p class=\"withdrawn\"><strong>{}</strong>: {}</p>\n", w.withdrawn,
                       E(a.revisions.empty() ? "" : a.revisions.back().summary));
  out += "<dl class=\"facts\">\n";
  out += fmt::format("<dt>ID</dt><dd>{}</dd>\n", E(a.tracking_id));
  if (!a.severity.empty())
    out += fmt::format("<dt>{}</dt><dd class=\"severity {}\">{}</dd>\n", w.severity,
                       E(a.severity), E(a.severity));
  if (a.published != 0)
    out += fmt::format("<dt>{}</dt><dd><time datetime=\"{}\">{}</time></dd>\n", w.published,
                       Stamp(a.published), Day(a.published));
  if (a.revisions.size() > 1)
    out += fmt::format("<dt>{}</dt><dd><time datetime=\"{}\">{}</time></dd>\n", w.updated,
                       Stamp(a.current_release()), Day(a.current_release()));
  if (!src.cves.empty()) {
    out += fmt::format("<dt>{}</dt><dd>", w.cves);
    for (size_t i = 0; i < src.cves.size(); ++i)
      out += fmt::format("{}<a href=\"https://www.cve.org/CVERecord?id={}\">{}</a>", i ? ", " : "",
                         E(src.cves[i]), E(src.cves[i]));
    out += "</dd>\n";
  }
  for (const auto& s : src.cvss)
    out += fmt::format("<dt>CVSS {}</dt><dd>{:.1f} {} <code>{}</code></dd>\n", E(s.version),
                       s.base, E(s.severity), E(s.vector));
  out += "</dl>\n";
  if (!translations.empty()) {
    out += fmt::format("<nav class=\"translations\">{}:", w.also_in);
    for (const auto& t : translations)
      out += fmt::format(" <a href=\"/{}\" hreflang=\"{}\" lang=\"{}\">{}</a>",
                         E(AdvisoryPagePath(t)), E(t.lang), E(t.lang), LanguageName(t.lang));
    out += "</nav>\n";
  }
  out += "<div class=\"body\">\n" + MarkdownToHtml(src.body) + "</div>\n";
  if (!src.products.empty()) {
    out += fmt::format("<h2>{}</h2>\n<ul class=\"products\">\n", w.products);
    for (const auto& p : src.products)
      out += fmt::format("<li>{} {} {}{}</li>\n", E(p.vendor), E(p.product),
                         E(p.versions.empty() ? w.all_versions : p.versions),
                         p.fixed.empty() ? "" : fmt::format(" ({} {})", w.fixed, E(p.fixed)));
    out += "</ul>\n";
  }
  if (!src.references.empty()) {
    out += fmt::format("<h2>{}</h2>\n<ul class=\"references\">\n", w.references);
    for (const auto& r : src.references)
      out += fmt::format("<li><a href=\"{0}\" rel=\"noopener\">{0}</a></li>\n", E(r));
    out += "</ul>\n";
  }
  if (!a.revisions.empty()) {
    out += fmt::format("<h2>{}</h2>\n<ol class=\"revisions\">\n", w.revisions);
    for (const auto& r : a.revisions)
      out += fmt::format("<li value=\"{}\"><time datetime=\"{}\">{}</time> {}</li>\n", r.number,
                         Stamp(r.date), Day(r.date), E(r.summary));
    out += "</ol>\n";
  }
  if (a.tlp == Tlp::kClear && a.audience == "pro")
    out += fmt::format("<p class=\"csaf\"><a href=\"/.well-known/csaf/{}\">{}</a></p>\n",
                       E(CsafPath(a)), w.csaf);
  out += "</article>\n";
  return out + kFoot;
}

std::string AdvisoryIndexHtml(const std::string& audience, const std::string& lang,
                              const std::vector<const Advisory*>& list, const SiteInfo& site) {
  const std::string title = AudienceTitle(audience, lang);
  const std::string feed = "/feeds/" + EditionName(audience, lang) + ".atom";
  std::string out = Head(lang, title, site, feed);
  out += fmt::format("<h1>{}</h1>\n<p><a class=\"feed\" href=\"{}\">{}</a></p>\n", E(title),
                     E(feed), W(lang).feed);
  out += ListItems(list);
  return out + kFoot;
}

std::string SiteHomeHtml(const std::vector<std::pair<std::string, std::string>>& editions,
                         const std::vector<const Advisory*>& latest, const SiteInfo& site) {
  std::string out = Head("en", "Advisories", site, "");
  out += fmt::format("<h1>{}</h1>\n<ul class=\"editions\">\n", E(site.team->name));
  for (const auto& [audience, lang] : editions) {
    const std::string name = EditionName(audience, lang);
    out += fmt::format(
        "<li lang=\"{0}\"><a href=\"/advisories/{1}.html\">{2} ({3})</a> · "
        "<a href=\"/feeds/{1}.atom\">{4}</a></li>\n",
        E(lang), E(name), AudienceTitle(audience, lang), LanguageName(lang), W(lang).feed);
  }
  out += "</ul>\n<p><a href=\"/.well-known/csaf/provider-metadata.json\">CSAF</a></p>\n";
  out += fmt::format("<h2>{}</h2>\n", W("en").latest) + ListItems(latest);
  return out + kFoot;
}

std::string AtomFeed(const std::string& audience, const std::string& lang,
                     const std::vector<std::pair<Advisory, AdvisorySource>>& entries,
                     const SiteInfo& site) {
  const std::string& base = site.publish->base_url;
  const std::string name = EditionName(audience, lang);
  int64_t updated = 0;
  for (const auto& [a, src] : entries) updated = std::max(updated, a.current_release());
  if (updated == 0) updated = site.now;
  std::string out = fmt::format(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n"
      "  <title>{} – {}</title>\n  <id>{}/feeds/{}.atom</id>\n"
      "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}/feeds/{}.atom\"/>\n"
      "  <link rel=\"alternate\" type=\"text/html\" href=\"{}/advisories/{}.html\"/>\n"
      "  <updated>{}</updated>\n"
      "  <author><name>{}</name><uri>{}</uri><email>{}</email></author>\n"
      "  <generator version=\"{}\">Belfry</generator>\n",
      E(lang), E(site.team->name), E(AudienceTitle(audience, lang)), E(base), E(name), E(base),
      E(name), E(base), E(name), Stamp(updated), E(site.team->name), E(site.team->website),
      E(site.team->email), E(site.engine_version));
  for (const auto& [a, src] : entries) {
    const std::string url = base + "/" + AdvisoryPagePath(a);
    std::string text = MarkdownToText(src.body, 1000);
    std::string summary(TrimAscii(text.substr(0, text.find("\n\n"))));
    std::string title = a.title;
    if (a.status == AdvisoryStatus::kWithdrawn) title = "[" + std::string(W(lang).withdrawn) + "] " + title;
    out += fmt::format(
        "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n"
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n"
        "    <published>{}</published>\n    <updated>{}</updated>\n"
        "    <category term=\"{}\"/>\n",
        E(title), E(url), E(url), Stamp(a.published), Stamp(a.current_release()), E(a.kind));
    if (!a.severity.empty())
      out += fmt::format("    <category term=\"{}\" label=\"severity\"/>\n", E(a.severity));
    out += fmt::format("    <summary>{}</summary>\n    <content type=\"html\">{}</content>\n  </entry>\n",
                       E(summary), E(MarkdownToHtml(src.body)));
  }
  return out + "</feed>\n";
}

std::string AdvisoryText(const Advisory& a, const AdvisorySource& src, const SiteInfo& site) {
  const Words& w = W(a.lang);
  std::string out = fmt::format("{}\n{}\n\n", a.title, std::string(std::min<size_t>(a.title.size(), 72), '='));
  auto line = [&](std::string_view label, std::string_view value) {
    out += fmt::format("{:<14}{}\n", std::string(label) + ":", value);
  };
  line("ID", a.tracking_id);
  line("TLP", TlpName(a.tlp));
  if (!a.severity.empty()) line(w.severity, a.severity);
  if (a.published != 0) line(w.published, Day(a.published));
  if (!src.cves.empty()) line("CVE", fmt::format("{}", fmt::join(src.cves, ", ")));
  for (const auto& s : src.cvss)
    line("CVSS " + s.version, fmt::format("{:.1f} {} ({})", s.base, s.severity, s.vector));
  if (a.status == AdvisoryStatus::kWithdrawn)
    out += fmt::format("\n*** {}: {} ***\n", w.withdrawn,
                       a.revisions.empty() ? "" : a.revisions.back().summary);
  out += "\n" + MarkdownToText(src.body) + "\n";
  if (!src.products.empty()) {
    out += fmt::format("{}:\n", w.products);
    for (const auto& p : src.products)
      out += fmt::format("- {} {} {}{}\n", p.vendor, p.product,
                         p.versions.empty() ? w.all_versions : p.versions,
                         p.fixed.empty() ? "" : fmt::format(" ({} {})", w.fixed, p.fixed));
    out += "\n";
  }
  if (!src.references.empty()) {
    out += fmt::format("{}:\n", w.references);
    for (const auto& r : src.references) out += "- " + r + "\n";
    out += "\n";
  }
  if (!a.revisions.empty()) {
    out += fmt::format("{}:\n", w.revisions);
    for (const auto& r : a.revisions)
      out += fmt::format("{}  {}  {}\n", r.number, Day(r.date), r.summary);
    out += "\n";
  }
  out += fmt::format("{}/{}\n", site.publish->base_url, AdvisoryPagePath(a));
  return out;
}

}  // namespace belfry
