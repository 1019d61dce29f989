#include "newsletter/newsletter_pages.h"

#include <fmt/format.h>

#include "core/date_time.h"
#include "core/text.h"
#include "newsletter/newsletter_render.h"
#include "newsletter/newsletter_words.h"

namespace belfry {

namespace {

using newsletter_words::AudienceWords;
using newsletter_words::W;

std::string E(std::string_view s) { return EscapeHtml(s); }

std::string Head(const std::string& lang, const std::string& title, const SiteInfo& site,
                 bool index = false) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{0}\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "{3}<title>{1} – {2}</title>\n<link rel=\"stylesheet\" href=\"/advisories/site.css\">\n"
      "</head>\n<body>\n<header><a href=\"/advisories/\">{2}</a></header>\n<main>\n<h1>{1}</h1>\n",
      E(lang), E(title), E(site.team->name),
      index ? "" : "<meta name=\"robots\" content=\"noindex\">\n");
}

constexpr const char* kFoot = "</main>\n</body>\n</html>\n";

std::string EditionLabel(const std::string& audience, const std::string& lang) {
  return fmt::format("{} {} ({})", W(lang).newsletter, AudienceWords(audience, lang), lang);
}

}  // namespace

std::string NewsletterArchivePath(const NewsletterIssue& issue) {
  return fmt::format("/newsletter/{}/{}.html", NewsletterEdition(issue.audience, issue.lang),
                     issue.number);
}

std::string NewsletterHomeHtml(const std::vector<std::pair<std::string, std::string>>& editions,
                               const std::vector<NewsletterIssue>& issues,
                               const std::string& lang, const SiteInfo& site) {
  const auto& w = W(lang);
  std::string h = Head(lang, w.newsletter, site, true);
  h += fmt::format(
      "<form method=\"post\" action=\"/newsletter/subscribe\">\n"
      "<p><label>{} <input type=\"email\" name=\"email\" required maxlength=\"254\" "
      "autocomplete=\"email\"></label></p>\n<p><label>{} <select name=\"edition\">\n",
      E(w.email), E(w.edition));
  bool selected = false;
  for (const auto& [audience, l] : editions) {
    const bool pick = !selected && l == lang;
    selected = selected || pick;
    h += fmt::format("<option value=\"{}\"{}>{}</option>\n", E(NewsletterEdition(audience, l)),
                     pick ? " selected" : "", E(EditionLabel(audience, l)));
  }
  h += fmt::format("</select></label></p>\n<p><button type=\"submit\">{}</button></p>\n</form>\n",
                   E(w.subscribe));
  h += fmt::format("<h2>{}</h2>\n", E(w.archive));
  if (issues.empty()) h += fmt::format("<p>{}</p>\n", E(w.no_issues));
  for (const auto& [audience, l] : editions) {
    std::string list;
    for (const auto& i : issues)
      if (i.audience == audience && i.lang == l)
        list += fmt::format("<li><a href=\"{}\">{} {}</a> – {}</li>\n", E(NewsletterArchivePath(i)),
                            E(W(l).issue_no), i.number,
                            E(FormatIsoUtc(i.sent * 1000000).substr(0, 10)));
    if (list.empty()) continue;
    h += fmt::format("<h3 lang=\"{}\">{}</h3>\n<ul>\n{}</ul>\n", E(l),
                     E(EditionLabel(audience, l)), list);
  }
  return h + kFoot;
}

std::string NewsletterArchiveHtml(const NewsletterIssue& issue, const SiteInfo& site) {
  return WithUnsubscribeLink(issue.html, site.publish->base_url + "/newsletter/", true);
}

std::string NewsletterActionHtml(const std::string& kind, const Subscriber& s,
                                 const SiteInfo& site) {
  const auto& w = W(s.lang);
  const bool confirm = kind == "confirm";
  std::string h = Head(s.lang, EditionLabel(s.audience, s.lang), site);
  h += fmt::format("<p>{}</p>\n",
                   E(fmt::format(fmt::runtime(confirm ? w.confirm_question : w.unsubscribe_question),
                                 s.email)));
  h += fmt::format(
      "<form method=\"post\" action=\"/newsletter/{}\">\n"
      "<input type=\"hidden\" name=\"token\" value=\"{}\">\n"
      "<p><button type=\"submit\">{}</button></p>\n</form>\n",
      confirm ? "confirm" : "unsubscribe", E(s.token), E(confirm ? w.confirm : w.unsubscribe));
  return h + kFoot;
}

std::string NewsletterNoticeHtml(const std::string& kind, const std::string& lang,
                                 const SiteInfo& site) {
  const auto& w = W(lang);
  const char* text = kind == "check-mail"     ? w.check_mail
                     : kind == "confirmed"    ? w.confirmed
                     : kind == "unsubscribed" ? w.unsubscribed
                     : kind == "bad-request"  ? w.bad_request
                                              : w.bad_link;
  std::string h = Head(lang, w.newsletter, site);
  h += fmt::format("<p>{}</p>\n<p><a href=\"/newsletter/?lang={}\">{}</a></p>\n", E(text), E(lang),
                   E(w.archive));
  return h + kFoot;
}

}  // namespace belfry
