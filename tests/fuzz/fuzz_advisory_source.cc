// Fuzz target: an advisory's source (TOML front matter, CVSS vectors, products) and CVSS
// vectors on their own.
#include <cstdint>
#include <string>
#include <string_view>

#include "publish/advisory_source.h"
#include "publish/cvss.h"
#include "publish/markdown.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto a = belfry::ParseAdvisorySource(text, "fuzz.md")) {
    for (const auto& c : a->cvss)
      if (c.base < 0 || c.base > 10) __builtin_trap();
  }
  // Markdown on every eighth input (by length): cmark costs what the rest costs 30 times over,
  // and the replay of every seed's mutations in the normal build must stay quick.
  if (size % 8 == 0) {
    const std::string html = belfry::MarkdownToHtml(text.substr(0, 8192));
    if (html.find("<script") != std::string::npos) __builtin_trap();  // raw HTML never passes
    (void)belfry::MarkdownToText(text.substr(0, 8192));
  }
  if (auto s = belfry::ParseCvss3(text.substr(0, 256)))
    if (s->base < 0 || s->base > 10) __builtin_trap();
  // CVSS v4.0, also with the prefix in front so that the metrics are reached.
  for (const std::string& v : {std::string(text.substr(0, 256)),
                               "CVSS:4.0/" + std::string(text.substr(0, 256))})
    if (auto s = belfry::ParseCvss4(v))
      if (!(s->base >= 0 && s->base <= 10)) __builtin_trap();
  return 0;
}
