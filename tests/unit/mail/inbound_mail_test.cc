#include "mail/inbound_mail.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "test_util.h"

namespace belfry {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::TempDir;

std::string Summary(const Result<InboundMail>& r) {
  if (!r) return "error: " + r.error().message() + "\n";
  const InboundMail& m = *r;
  std::string out;
  auto line = [&](std::string_view k, std::string_view v) {
    out += std::string(k) + ": " + std::string(v) + "\n";
  };
  line("message_id", m.message_id);
  line("in_reply_to", m.in_reply_to);
  std::string refs;
  for (const auto& x : m.references) refs += (refs.empty() ? "" : " ") + x;
  line("references", refs);
  line("subject", m.subject);
  line("from", m.from);
  line("from_name", m.from_name);
  std::string to, cc;
  for (const auto& x : m.to) to += (to.empty() ? "" : " ") + x;
  for (const auto& x : m.cc) cc += (cc.empty() ? "" : " ") + x;
  line("to", to);
  line("cc", cc);
  line("date_unix", std::to_string(m.date_unix));
  line("automatic", m.IsAutomatic() ? "yes" : "no");
  line("bounce", m.is_bounce ? "yes" : "no");
  line("pgp", m.pgp);
  out += "text:\n" + m.text + "\n--\n";
  for (const auto& a : m.attachments)
    out += "attachment: " + a.name + " " + a.content_type + " " + std::to_string(a.data.size()) +
           " bytes\n" + (a.content_type.starts_with("text/") ? a.data + "\n--\n" : "");
  for (const auto& rep : m.reports)
    out += "report: " + rep.format + " type=" + rep.type + " ip=" + rep.source_ip + " port=" +
           rep.source_port + " url=" + rep.url + " domain=" + rep.domain + " time=" + rep.time +
           " reporter=" + rep.reporter + "\n";
  return out;
}

class MailGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(MailGolden, MatchesExpected) {
  TempDir home;  // no keys: signatures stay "signed"
  setenv("GNUPGHOME", home.Path("").c_str(), 1);
  fs::path input = GetParam();
  fs::path expected = input;
  expected.replace_extension(".expected");
  std::string actual = Summary(ParseInboundMail(ReadFile(input)));
  unsetenv("GNUPGHOME");
  if (std::getenv("BELFRY_UPDATE_GOLDEN")) {
    std::ofstream(expected, std::ios::binary) << actual;
    GTEST_SKIP() << "updated " << expected;
  }
  ASSERT_TRUE(fs::exists(expected)) << "missing " << expected << " (BELFRY_UPDATE_GOLDEN=1)";
  EXPECT_EQ(ReadFile(expected), actual) << input;
}

std::vector<std::string> Cases() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(std::string(BELFRY_GOLDEN_DIR) + "/mail"))
    if (e.path().extension() == ".eml") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string CaseName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = fs::path(info.param).stem().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Shapes, MailGolden, ::testing::ValuesIn(Cases()), CaseName);

TEST(InboundMail, VerifiesWithTheSignersKey) {
  TempDir home;
  std::string dir = home.Path("gnupg");
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms::owner_all);
  std::string golden = std::string(BELFRY_GOLDEN_DIR) + "/mail/";
  std::string cmd = "GNUPGHOME=" + dir + " gpg --batch --quiet --import " + golden +
                    "pgp-reporter.pub.asc 2>/dev/null";
  if (std::system(cmd.c_str()) != 0) GTEST_SKIP() << "gpg not available";
  setenv("GNUPGHOME", dir.c_str(), 1);
  auto m = ParseInboundMail(ReadFile(golden + "pgp-signed-unknown-key.eml"));
  unsetenv("GNUPGHOME");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->pgp, "verified");
  EXPECT_FALSE(m->pgp_signer.empty());
  std::system(("GNUPGHOME=" + dir + " gpgconf --kill all 2>/dev/null").c_str());
}

TEST(InboundMail, HostileInputIsAnErrorOrAValue) {
  EXPECT_FALSE(ParseInboundMail(""));
  std::string deep = "Content-Type: multipart/mixed; boundary=a\n\n";
  for (int i = 0; i < 200; ++i)
    deep += "--a\nContent-Type: multipart/mixed; boundary=a\n\n";
  (void)ParseInboundMail("From: a@example.org\n" + deep);
  EXPECT_EQ(MailAddressOf("Some One <Some.One@Example.ORG>"), "Some.One@example.org");
  EXPECT_EQ(MailAddressOf("not an address"), "");
}

}  // namespace
}  // namespace belfry

namespace belfry {
namespace {

// PGP/MIME encrypted mail (RFC 3156) to a throw-away key made here: decrypted with the key
// in GNUPGHOME, kept as "encrypted" without it.
TEST(InboundMail, DecryptsWithTheTeamKey) {
  TempDir home;
  std::string dir = home.Path("gnupg");
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms::owner_all);
  const std::string gpg = "GNUPGHOME=" + dir + " gpg --batch --quiet --pinentry-mode loopback --passphrase '' ";
  if (std::system((gpg + "--quick-gen-key 'Team <cert@example.be>' ed25519 cert,sign never 2>/dev/null").c_str()) != 0)
    GTEST_SKIP() << "gpg not available";
  std::string fpr_cmd = "GNUPGHOME=" + dir + " gpg --batch --list-keys --with-colons cert@example.be | awk -F: '/^fpr/ {print $10; exit}' > " + home.Path("fpr");
  ASSERT_EQ(std::system(fpr_cmd.c_str()), 0);
  std::string fpr = ReadFile(home.Path("fpr"));
  fpr.erase(fpr.find_last_not_of("\n") + 1);
  ASSERT_EQ(std::system((gpg + "--quick-add-key " + fpr + " cv25519 encr never 2>/dev/null").c_str()), 0);
  home.Write("inner.txt", "Content-Type: text/plain; charset=utf-8\n\nThe secret: host 192.0.2.99 is compromised.\n");
  ASSERT_EQ(std::system((gpg + "--armor --trust-model always -r cert@example.be -o " + home.Path("inner.asc") +
                         " --encrypt " + home.Path("inner.txt")).c_str()), 0);
  std::string mail =
      "From: peer@cert.example.nl\nTo: cert@example.be\nSubject: encrypted\nMessage-ID: <enc-1@cert.example.nl>\n"
      "MIME-Version: 1.0\nContent-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"e\"\n\n"
      "--e\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n\n--e\nContent-Type: application/octet-stream\n\n" +
      ReadFile(home.Path("inner.asc")) + "\n--e--\n";
  setenv("GNUPGHOME", dir.c_str(), 1);
  auto m = ParseInboundMail(mail);
  unsetenv("GNUPGHOME");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->pgp, "decrypted");
  EXPECT_NE(m->text.find("192.0.2.99"), std::string::npos);
  TempDir empty;
  setenv("GNUPGHOME", empty.Path("").c_str(), 1);
  auto locked = ParseInboundMail(mail);
  unsetenv("GNUPGHOME");
  ASSERT_TRUE(locked);
  EXPECT_EQ(locked->pgp, "encrypted");
  EXPECT_EQ(locked->text.find("192.0.2.99"), std::string::npos);
  ASSERT_EQ(locked->attachments.size(), 1u);  // kept, for when the key is there
  std::system(("GNUPGHOME=" + dir + " gpgconf --kill all 2>/dev/null").c_str());
}

}  // namespace
}  // namespace belfry
