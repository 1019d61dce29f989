#include "newsletter/newsletter_render.h"

#include <fmt/format.h>

#include "core/date_time.h"
#include "core/text.h"
#include "newsletter/newsletter_words.h"
#include "publish/csaf_writer.h"
#include "publish/markdown.h"

namespace belfry {

namespace {

using newsletter_words::AudienceWords;
using newsletter_words::W;

std::string Day(int64_t unix_seconds) { return FormatIsoUtc(unix_seconds * 1000000).substr(0, 10); }
std::string E(std::string_view s) { return EscapeHtml(s); }

std::string PageUrl(const Advisory& a, const SiteInfo& site) {
  std::string url = site.publish->base_url;
  url += '/';
  url += AdvisoryPagePath(a);
  return url;
}

std::string Title(const NewsletterIssue& issue, const SiteInfo& site) {
  return fmt::format("{} {} {} {} {}", W(issue.lang).newsletter, site.team->name,
                     AudienceWords(issue.audience, issue.lang), W(issue.lang).issue_no,
                     issue.number);
}

// Wraps `text` at `width` columns (words longer than that stay whole).
std::string Wrap(std::string_view text, size_t width, std::string_view indent = "") {
  std::string out, line(indent);
  while (!text.empty()) {
    size_t sp = text.find(' ');
    std::string_view word = text.substr(0, sp);
    text = sp == std::string_view::npos ? std::string_view() : text.substr(sp + 1);
    if (word.empty()) continue;
    if (line.size() > indent.size() && line.size() + 1 + word.size() > width) {
      out += line;
      out += '\n';
      line = std::string(indent);
    }
    if (line.size() > indent.size()) line += ' ';
    line += word;
  }
  if (line.size() > indent.size()) {
    out += line;
    out += '\n';
  }
  return out;
}

}  // namespace

std::string AdvisorySummary(std::string_view markdown, size_t max) {
  std::string text = MarkdownToText(markdown, 100000);
  // The first paragraph, on one line.
  size_t blank = text.find("\n\n");
  if (blank != std::string::npos) text.resize(blank);
  for (auto& c : text)
    if (c == '\n') c = ' ';
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (text.size() <= max) return text;
  size_t cut = text.rfind(' ', max);
  if (cut == std::string::npos || cut < max / 2) cut = max;
  // Never inside a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  text += "…";
  return text;
}

RenderedIssue RenderIssue(const NewsletterIssue& issue, const std::vector<NewsletterItem>& items,
                          const SiteInfo& site) {
  const auto& w = W(issue.lang);
  RenderedIssue out;
  const std::string title = Title(issue, site);
  out.subject = fmt::format("{} – {}", title, Day(issue.period_end));
  const std::string period =
      fmt::format(fmt::runtime(w.period), Day(issue.period_start), Day(issue.period_end));
  const std::string home = site.publish->base_url + "/newsletter/";
  const std::string why = fmt::format(fmt::runtime(w.why), home);

  // Text.
  std::string& t = out.text;
  t = title + "\n" + std::string(std::min<size_t>(title.size(), 72), '=') + "\n\n";
  if (!issue.intro.empty()) {
    t += MarkdownToText(issue.intro, 72);
    if (t.back() != '\n') t += '\n';
    t += '\n';
  }
  t += period;
  t += "\n\n";
  if (items.empty()) {
    t += w.none;
    t += "\n\n";
  }
  for (const auto& it : items) {
    const Advisory& a = it.advisory;
    t += fmt::format("* {} ({})\n", a.title, a.tracking_id);
    std::string meta;
    if (!a.severity.empty()) meta = fmt::format("{}: {}", w.severity, a.severity);
    if (!it.source.cves.empty()) {
      if (!meta.empty()) meta += "; ";
      for (size_t i = 0; i < it.source.cves.size(); ++i) {
        if (i) meta += ", ";
        meta += it.source.cves[i];
      }
    }
    if (!meta.empty()) t += Wrap(meta, 72, "  ");
    t += Wrap(AdvisorySummary(it.source.body), 72, "  ");
    t += fmt::format("  {}\n\n", PageUrl(a, site));
  }
  t += "-- \n";
  t += Wrap(why, 72);
  t += fmt::format("{}: {}\n{}: {}\n", w.unsubscribe, kUnsubscribeMark, w.archive, home);

  // HTML: a single column, inline styles, no images, no script.
  std::string& h = out.html;
  h = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{0}\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{1}</title>\n</head>\n"
      "<body style=\"margin:0;padding:0;background:#f4f4f4;font-family:Arial,Helvetica,"
      "sans-serif;color:#222\">\n"
      "<div style=\"max-width:640px;margin:0 auto;background:#fff;padding:24px\">\n"
      "<h1 style=\"font-size:22px;margin:0 0 16px\">{1}</h1>\n",
      E(issue.lang), E(title));
  if (!issue.intro.empty())
    h += fmt::format("<div style=\"font-size:15px;line-height:1.5\">\n{}</div>\n",
                     MarkdownToHtml(issue.intro));
  h += fmt::format("<h2 style=\"font-size:17px;margin:24px 0 8px\">{}</h2>\n", E(period));
  if (items.empty()) h += fmt::format("<p>{}</p>\n", E(w.none));
  for (const auto& it : items) {
    const Advisory& a = it.advisory;
    const std::string url = PageUrl(a, site);
    h += "<div style=\"border-top:1px solid #ddd;padding:12px 0\">\n";
    h += fmt::format(
        "<h3 style=\"font-size:16px;margin:0 0 4px\"><a href=\"{}\" style=\"color:#0645ad\">{}"
        "</a></h3>\n<p style=\"font-size:13px;color:#555;margin:0 0 6px\">{}",
        E(url), E(a.title), E(a.tracking_id));
    if (!a.severity.empty()) h += fmt::format(" · {}: {}", E(w.severity), E(a.severity));
    for (const auto& cve : it.source.cves) h += fmt::format(" · {}", E(cve));
    h += "</p>\n";
    h += fmt::format("<p style=\"font-size:15px;line-height:1.5;margin:0 0 6px\">{}</p>\n",
                     E(AdvisorySummary(it.source.body)));
    h += fmt::format("<p style=\"margin:0\"><a href=\"{}\" style=\"color:#0645ad\">{} →</a></p>\n",
                     E(url), E(w.read_more));
    h += "</div>\n";
  }
  h += fmt::format(
      "<p style=\"font-size:12px;color:#666;border-top:1px solid #ddd;padding-top:12px\">{}<br>"
      "<a href=\"{}\" style=\"color:#666\">{}</a> · <a href=\"{}\" style=\"color:#666\">{}</a>"
      "</p>\n</div>\n</body>\n</html>\n",
      E(why), kUnsubscribeMark, E(w.unsubscribe), E(home), E(w.archive));
  return out;
}

std::string WithUnsubscribeLink(std::string_view rendered, std::string_view url, bool html) {
  const std::string link = html ? EscapeHtml(url) : std::string(url);
  std::string out;
  out.reserve(rendered.size() + link.size());
  size_t pos = 0;
  for (;;) {
    size_t at = rendered.find(kUnsubscribeMark, pos);
    out += rendered.substr(pos, at == std::string_view::npos ? std::string_view::npos : at - pos);
    if (at == std::string_view::npos) break;
    out += link;
    pos = at + kUnsubscribeMark.size();
  }
  return out;
}

}  // namespace belfry
