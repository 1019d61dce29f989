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

// Every built-in notification template renders in every language it has: a subject with
// the TLP label, the values in the body, no placeholder left, the NIS2 and repeat sections
// only when set.
TEST(MailTemplates, NotificationTemplatesRenderEveryValue) {
  std::map<std::string, std::string> v = {
      {"organisation_name", "Example Hospital"}, {"team_name", "Example CERT"},
      {"count", "3"}, {"hosts", "2"}, {"classification", "vulnerable-system"},
      {"identifiers", "open-telnet"}, {"first_seen", "2026-11-28 10:00:00"},
      {"last_seen", "2026-11-28 11:00:00"}, {"data_note", "DATA-NOTE"}, {"inline_table", ""},
      {"ticket", "42"}, {"tag", "BELFRY"}, {"tlp", "AMBER"}, {"tlp_note", "TLP-NOTE"},
      {"nis2", ""}, {"repeat", ""}};
  MailTemplates builtin;
  size_t rendered = 0;
  for (const auto& name : MailTemplates::BuiltinNames()) {
    if (name.rfind("notify", 0) != 0) continue;
    const std::string base = name.substr(0, name.find('.'));
    const std::string lang = name.substr(name.find('.') + 1);
    auto r = builtin.Render(base, lang, v);
    ASSERT_TRUE(r) << name << ": " << r.error().message();
    EXPECT_NE(r->subject.find("[TLP:AMBER]"), std::string::npos) << name;
    for (const char* want : {"Example Hospital", "Example CERT", "DATA-NOTE", "TLP-NOTE",
                             "2026-11-28 10:00:00", "[BELFRY #42]"})
      EXPECT_NE(r->body.find(want), std::string::npos) << name << " lacks " << want;
    EXPECT_EQ(r->body.find("{{"), std::string::npos) << name;
    EXPECT_EQ(r->body.find("NIS2"), std::string::npos) << name;
    auto nis2 = builtin.Render(base, lang, [&] {
      auto w = v;
      w["nis2"] = "essential";
      w["inline_table"] = "source.ip\n192.0.2.1";
      return w;
    }());
    ASSERT_TRUE(nis2);
    if (base != "notify-peer") {
      EXPECT_NE(nis2->body.find("NIS2"), std::string::npos) << name;
    }
    EXPECT_NE(nis2->body.find("192.0.2.1"), std::string::npos) << name;
    ++rendered;
  }
  EXPECT_EQ(rendered, 21u);  // five kinds in four languages, and the peers' English one
}

}  // namespace
}  // namespace belfry
