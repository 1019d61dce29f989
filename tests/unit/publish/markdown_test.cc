#include "publish/markdown.h"

#include <gtest/gtest.h>

namespace belfry {
namespace {

TEST(Markdown, RendersGitHubFlavouredMarkdown) {
  const std::string html = MarkdownToHtml(
      "# Patch now\n\n| product | fixed in |\n|---|---|\n| Example VPN | 9.4.2 |\n\n~~old~~ "
      "see https://vendor.example/psirt\n");
  EXPECT_NE(html.find("<h1>Patch now</h1>"), std::string::npos) << html;
  EXPECT_NE(html.find("<table>"), std::string::npos) << html;
  EXPECT_NE(html.find("<td>9.4.2</td>"), std::string::npos) << html;
  EXPECT_NE(html.find("<del>old</del>"), std::string::npos) << html;
  EXPECT_NE(html.find("<a href=\"https://vendor.example/psirt\">"), std::string::npos) << html;
}

TEST(Markdown, NeverCarriesScript) {
  const std::string html = MarkdownToHtml(
      "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n"
      "![y](data:text/html;base64,PHNjcmlwdD4=)\n");
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("javascript:"), std::string::npos) << html;
  EXPECT_EQ(html.find("onerror"), std::string::npos) << html;
  EXPECT_EQ(html.find("data:text/html"), std::string::npos) << html;
}

TEST(Markdown, PlainTextForTheTextExport) {
  const std::string text = MarkdownToText("# Patch now\n\nUpdate **Example VPN** to 9.4.2.\n");
  EXPECT_NE(text.find("Patch now"), std::string::npos) << text;
  EXPECT_NE(text.find("Update Example VPN to 9.4.2."), std::string::npos) << text;
  EXPECT_EQ(text.find("**"), std::string::npos) << text;
}

}  // namespace
}  // namespace belfry
