#pragma once
// Advisories' Markdown rendered with cmark-gfm (GitHub-flavoured: tables, strikethrough,
// autolinks), safe by construction: raw HTML and javascript:/data: links are dropped, so an
// advisory page can never carry a script whoever wrote the source.

#include <string>
#include <string_view>

namespace belfry {

std::string MarkdownToHtml(std::string_view markdown);
// Plain text for the text export and the newsletter's text part (wrapped at `width`).
std::string MarkdownToText(std::string_view markdown, int width = 72);

}  // namespace belfry
