#pragma once
// The public faces of an advisory, rendered: its HTML page, the index pages, the Atom feeds
// (RFC 4287) and the plain-text export. Pure: advisories in, text out (site_writer.h writes
// the files). Pages carry no script and no inline style; the Markdown is rendered safely
// (publish/markdown.h).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "publish/advisory.h"
#include "publish/advisory_source.h"
#include "publish/publish_config.h"

namespace belfry {

struct SiteInfo {
  const TeamConfig* team = nullptr;
  const PublishConfig* publish = nullptr;
  int64_t now = 0;
  std::string engine_version;
};

// `translations`: the other languages of the same advisory (lean: no source needed).
std::string AdvisoryPageHtml(const Advisory& a, const AdvisorySource& src,
                             const std::vector<Advisory>& translations, const SiteInfo& site);
// An index of advisories (lean), newest first, linking to each page and to the feed.
std::string AdvisoryIndexHtml(const std::string& audience, const std::string& lang,
                              const std::vector<const Advisory*>& list, const SiteInfo& site);
// The hub: every audience and language with its index and feed, and the latest advisories.
std::string SiteHomeHtml(const std::vector<std::pair<std::string, std::string>>& editions,
                         const std::vector<const Advisory*>& latest, const SiteInfo& site);
// An Atom feed of one audience and language: `entries` newest first, each with its source.
std::string AtomFeed(const std::string& audience, const std::string& lang,
                     const std::vector<std::pair<Advisory, AdvisorySource>>& entries,
                     const SiteInfo& site);
// `advisory export --format text`.
std::string AdvisoryText(const Advisory& a, const AdvisorySource& src, const SiteInfo& site);

// Feed and index file names of an edition: "pro-fr".
std::string EditionName(const std::string& audience, const std::string& lang);

}  // namespace belfry
