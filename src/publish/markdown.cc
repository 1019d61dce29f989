#include "publish/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <mutex>

namespace belfry {

namespace {

// One parse with the GFM extensions; the renderers need the parser's extension list, so
// parser and document live together.
class Parsed {
 public:
  explicit Parsed(std::string_view markdown) {
    static std::once_flag once;
    std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
    parser_ = cmark_parser_new(CMARK_OPT_DEFAULT);
    for (const char* name : {"table", "strikethrough", "autolink", "tasklist"}) {
      if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
        cmark_parser_attach_syntax_extension(parser_, ext);
    }
    cmark_parser_feed(parser_, markdown.data(), markdown.size());
    doc_ = cmark_parser_finish(parser_);
  }
  ~Parsed() {
    cmark_node_free(doc_);
    cmark_parser_free(parser_);
  }
  Parsed(const Parsed&) = delete;
  Parsed& operator=(const Parsed&) = delete;

  // CMARK_OPT_DEFAULT without CMARK_OPT_UNSAFE: raw HTML and unsafe URLs are left out.
  std::string Html() const {
    return Take(cmark_render_html(doc_, CMARK_OPT_DEFAULT,
                                  cmark_parser_get_syntax_extensions(parser_)));
  }
  std::string Text(int width) const {
    return Take(cmark_render_plaintext(doc_, CMARK_OPT_DEFAULT, width));
  }

 private:
  static std::string Take(char* rendered) {
    std::string out(rendered ? rendered : "");
    std::free(rendered);
    return out;
  }

  cmark_parser* parser_ = nullptr;
  cmark_node* doc_ = nullptr;
};

}  // namespace

std::string MarkdownToHtml(std::string_view markdown) { return Parsed(markdown).Html(); }

std::string MarkdownToText(std::string_view markdown, int width) {
  return Parsed(markdown).Text(width);
}

}  // namespace belfry
