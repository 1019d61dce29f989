#pragma once
// An issue of the newsletter, rendered: its subject, its HTML (one document with inline
// styles: mail readers ignore style sheets) and its plain text, from the editorial intro and
// the period's advisories. Pure. The unsubscribe link differs per subscriber: the rendered
// texts carry kUnsubscribeMark where it goes (UnsubscribeFor puts the subscriber's link
// there; the archive puts the subscription page's).

#include <string>
#include <string_view>
#include <vector>

#include "newsletter/newsletter.h"
#include "publish/advisory.h"
#include "publish/advisory_source.h"
#include "publish/site_render.h"

namespace belfry {

inline constexpr std::string_view kUnsubscribeMark = "@@BELFRY-UNSUBSCRIBE@@";

struct NewsletterItem {
  Advisory advisory;
  AdvisorySource source;
};

struct RenderedIssue {
  std::string subject, html, text;
};

// `issue`: audience, lang, number, intro and period are used.
RenderedIssue RenderIssue(const NewsletterIssue& issue, const std::vector<NewsletterItem>& items,
                          const SiteInfo& site);
// `rendered` with `url` in place of kUnsubscribeMark (HTML-escaped when `html`).
std::string WithUnsubscribeLink(std::string_view rendered, std::string_view url, bool html);
// The first paragraph of an advisory's Markdown as plain text, at most `max` characters
// (cut at a word, with "…").
std::string AdvisorySummary(std::string_view markdown, size_t max = 280);

}  // namespace belfry
