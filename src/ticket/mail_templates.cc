#include "ticket/mail_templates.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <kainjow/mustache.hpp>
#include <sstream>

namespace belfry {

extern const std::pair<std::string_view, std::string_view> kBuiltinTemplates[];
extern const unsigned kBuiltinTemplateCount;

namespace {

std::optional<std::string> Builtin(const std::string& file) {
  for (unsigned i = 0; i < kBuiltinTemplateCount; ++i)
    if (kBuiltinTemplates[i].first == file) return std::string(kBuiltinTemplates[i].second);
  return std::nullopt;
}

}  // namespace

std::vector<std::string> MailTemplates::BuiltinNames() {
  std::vector<std::string> out;
  for (unsigned i = 0; i < kBuiltinTemplateCount; ++i) out.emplace_back(kBuiltinTemplates[i].first);
  return out;
}

Result<std::pair<std::string, std::string>> MailTemplates::Source(const std::string& name,
                                                                  const std::string& lang) const {
  for (const std::string& l : {lang, std::string("en")}) {
    std::string file = fmt::format("{}.{}.mustache", name, l);
    if (!dir_.empty()) {
      auto path = std::filesystem::path(dir_) / file;
      std::ifstream in(path, std::ios::binary);
      if (in) {
        std::stringstream ss;
        ss << in.rdbuf();
        return std::make_pair(ss.str(), path.string());
      }
    }
    if (auto b = Builtin(file)) return std::make_pair(*b, std::string("built-in ") + file);
  }
  return Fail(Error::NotFound(fmt::format("no mail template {}.{}.mustache", name, lang)));
}

Result<RenderedMail> MailTemplates::Render(const std::string& name, const std::string& lang,
                                           const std::map<std::string, std::string>& values) const {
  auto src = Source(name, lang);
  if (!src) return Fail(src.error());
  kainjow::mustache::mustache tmpl(src->first);
  if (!tmpl.is_valid())
    return Fail(Error::InvalidConfig(
        fmt::format("mail template {}: {}", src->second, tmpl.error_message())));
  tmpl.set_custom_escape([](const std::string& s) { return s; });
  kainjow::mustache::data data;
  for (const auto& [k, v] : values) {
    if (v.empty())
      data.set(k, kainjow::mustache::data(false));
    else
      data.set(k, v);
  }
  std::string text = tmpl.render(data);
  RenderedMail out;
  if (text.starts_with("Subject:")) {
    size_t nl = text.find('\n');
    out.subject = std::string(text.substr(8, nl == std::string::npos ? std::string::npos : nl - 8));
    while (!out.subject.empty() && out.subject.front() == ' ') out.subject.erase(0, 1);
    text = nl == std::string::npos ? "" : text.substr(nl + 1);
    while (!text.empty() && text.front() == '\n') text.erase(0, 1);
  }
  // Sections leave blank-line runs behind; keep at most one empty line.
  std::string body;
  int blank = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    bool empty = line.find_first_not_of(" \t\r") == std::string::npos;
    blank = empty ? blank + 1 : 0;
    if (blank <= 1) body += line + "\n";
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  while (body.size() > 1 && body.ends_with("\n\n")) body.pop_back();
  out.body = std::move(body);
  return out;
}

Result<RenderedMail> MailTemplates::RenderMany(const std::string& name,
                                               const std::vector<std::string>& langs,
                                               const std::map<std::string, std::string>& values) const {
  RenderedMail out;
  for (size_t i = 0; i < langs.size(); ++i) {
    auto r = Render(name, langs[i], values);
    if (!r) return Fail(r.error());
    if (i == 0) out.subject = r->subject;
    if (i > 0) out.body += "\n----------------------------------------------------------------\n\n";
    out.body += r->body;
  }
  return out;
}

}  // namespace belfry
