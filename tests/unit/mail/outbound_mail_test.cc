// Outbound mail as GMime composes it, read back by our own reader.
#include "mail/outbound_mail.h"

#include <gtest/gtest.h>

#include "mail/inbound_mail.h"

namespace belfry {
namespace {

OutgoingMail Newsletter() {
  OutgoingMail m;
  m.from = "cert@example.be";
  m.from_name = "Example CERT";
  m.to = {"alice@example.org"};
  m.subject = "Lettre d'information n° 1";
  m.text = "Bonjour à tous.\n";
  m.html = "<p>Bonjour à <strong>tous</strong>.</p>\n";
  m.message_id = "newsletter.citizen-fr.1.1@example.be";
  m.automatic = true;
  m.date = 1796025600;
  m.headers.emplace_back(
      "List-Unsubscribe",
      "<https://cert.example.be/newsletter/unsubscribe?token=" + std::string(64, 'f') + ">");
  m.headers.emplace_back("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
  return m;
}

TEST(OutboundMail, TextWithAnHtmlAlternative) {
  auto raw = ComposeMail(Newsletter());
  ASSERT_TRUE(raw) << raw.error().message();
  EXPECT_NE(raw->find("Content-Type: multipart/alternative"), std::string::npos);
  // The plain part first (RFC 2046: the last is the richest).
  size_t plain = raw->find("Content-Type: text/plain; charset=utf-8");
  size_t html = raw->find("Content-Type: text/html; charset=utf-8");
  ASSERT_NE(plain, std::string::npos);
  ASSERT_NE(html, std::string::npos);
  EXPECT_LT(plain, html);
  auto back = ParseInboundMail(*raw, false);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->subject, "Lettre d'information n° 1");
  EXPECT_NE(back->text.find("Bonjour à tous."), std::string::npos);
  EXPECT_EQ(back->auto_submitted, "auto-generated");
}

TEST(OutboundMail, LongAsciiHeadersStayAsTheyAre) {
  auto raw = ComposeMail(Newsletter());
  ASSERT_TRUE(raw);
  // RFC 2369: the URL in angle brackets, not RFC 2047-encoded.
  EXPECT_NE(raw->find("List-Unsubscribe: <https://cert.example.be/newsletter/unsubscribe?token=" +
                      std::string(64, 'f') + ">\n"),
            std::string::npos)
      << *raw;
  EXPECT_NE(raw->find("List-Unsubscribe-Post: List-Unsubscribe=One-Click\n"), std::string::npos);
}

TEST(OutboundMail, TextOnlyWithoutHtml) {
  OutgoingMail m = Newsletter();
  m.html.clear();
  auto raw = ComposeMail(m);
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->find("multipart"), std::string::npos);
}

}  // namespace
}  // namespace belfry
