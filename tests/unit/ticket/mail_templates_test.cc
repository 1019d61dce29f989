#include "ticket/mail_templates.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace belfry {
namespace {

TEST(MailTemplates, BuiltInPerLanguageAndOverridable) {
  std::map<std::string, std::string> v = {{"subject", "FTP <accounts> & more"}, {"team_name", "CERT"},
                                          {"tag", "BELFRY"}, {"ticket", "7"}, {"count", "2"},
                                          {"stale", ""}, {"unreliable", "1"}};
  MailTemplates builtin;
  auto nl = builtin.Render("investigation", "nl", v);
  ASSERT_TRUE(nl) << nl.error().message();
  EXPECT_EQ(nl->subject, "FTP <accounts> & more");  // plain text: nothing escaped
  EXPECT_NE(nl->body.find("Beste"), std::string::npos);
  EXPECT_NE(nl->body.find("[BELFRY #7]"), std::string::npos);
  EXPECT_NE(nl->body.find("geen betrouwbare tijdstippen voor 1"), std::string::npos);
  EXPECT_EQ(nl->body.find("dateren van"), std::string::npos);  // {{#stale}} off
  auto both = builtin.RenderMany("investigation", {"nl", "fr"}, v);
  ASSERT_TRUE(both);
  EXPECT_NE(both->body.find("Beste"), std::string::npos);
  EXPECT_NE(both->body.find("Madame"), std::string::npos);
  // An unknown language falls back to English.
  auto xx = builtin.Render("investigation", "xx", v);
  ASSERT_TRUE(xx);
  EXPECT_NE(xx->body.find("Dear"), std::string::npos);
  testing::TempDir dir;
  dir.Write("investigation.nl.mustache", "Subject: eigen {{ticket}}\n\nOnze tekst {{count}}\n");
  MailTemplates mine(dir.Path(""));
  auto own = mine.Render("investigation", "nl", v);
  ASSERT_TRUE(own);
  EXPECT_EQ(own->subject, "eigen 7");
  EXPECT_EQ(own->body, "Onze tekst 2\n");
  auto fr = mine.Render("investigation", "fr", v);  // not overridden: built in
  ASSERT_TRUE(fr);
  EXPECT_NE(fr->body.find("Madame"), std::string::npos);
  dir.Write("peer.en.mustache", "Subject: {{#broken}}\n");
  EXPECT_FALSE(mine.Render("peer", "en", v));
  EXPECT_FALSE(builtin.Render("nonexistent", "en", v));
}

}  // namespace
}  // namespace belfry
