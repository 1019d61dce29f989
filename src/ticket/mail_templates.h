#pragma once
// The mail texts: kainjow-mustache templates per purpose and language, shipped in the
// binary (data/templates/<name>.<lang>.mustache) and overridable file by file from
// [mail] templates_dir. A template's first line is "Subject: ...", then a blank line, then
// the body. Mail is plain text: nothing is HTML-escaped.

#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace belfry {

struct RenderedMail {
  std::string subject;
  std::string body;
};

class MailTemplates {
 public:
  explicit MailTemplates(std::string override_dir = "") : dir_(std::move(override_dir)) {}

  // Renders `name` in `lang` (falling back to English). Values that are "" are false for
  // sections ({{#stale}}...{{/stale}}).
  Result<RenderedMail> Render(const std::string& name, const std::string& lang,
                              const std::map<std::string, std::string>& values) const;
  // Several languages in one mail (a contact whose language is unknown: nl + fr), the
  // subject of the first.
  Result<RenderedMail> RenderMany(const std::string& name, const std::vector<std::string>& langs,
                                  const std::map<std::string, std::string>& values) const;
  // The template's text and where it came from ("built-in" or a path).
  Result<std::pair<std::string, std::string>> Source(const std::string& name,
                                                     const std::string& lang) const;
  static std::vector<std::string> BuiltinNames();

 private:
  std::string dir_;
};

}  // namespace belfry
