#pragma once
// The newsletter's web pages: the subscription page with the archive, the pages of the
// confirmation and unsubscribe links (a button that POSTs: a mail scanner that follows links
// must neither confirm nor unsubscribe anyone), and short notices. Pure; same look as the
// advisories' pages, no script.

#include <string>
#include <utility>
#include <vector>

#include "newsletter/newsletter.h"
#include "publish/site_render.h"

namespace belfry {

// `editions`: (audience, lang) offered; `issues`: sent ones, newest first (lean).
std::string NewsletterHomeHtml(const std::vector<std::pair<std::string, std::string>>& editions,
                               const std::vector<NewsletterIssue>& issues,
                               const std::string& lang, const SiteInfo& site);
// An archived issue as a page: the mail's HTML with the subscription page as its link.
std::string NewsletterArchiveHtml(const NewsletterIssue& issue, const SiteInfo& site);
// "/newsletter/pro-nl/3.html".
std::string NewsletterArchivePath(const NewsletterIssue& issue);
// kind: "confirm" | "unsubscribe"; the page asks and POSTs the token back.
std::string NewsletterActionHtml(const std::string& kind, const Subscriber& s,
                                 const SiteInfo& site);
// kind: "check-mail" | "confirmed" | "unsubscribed" | "bad-link" | "bad-request".
std::string NewsletterNoticeHtml(const std::string& kind, const std::string& lang,
                                 const SiteInfo& site);

}  // namespace belfry
