// Outbound OpenPGP: mail signed (PGP/MIME and inline) and encrypted with GPGME, read back
// by the inbound parser (GMime's own verification) and by gpg, with a throw-away ed25519
// key made here.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "mail/inbound_mail.h"
#include "mail/openpgp.h"
#include "mail/protected_mail.h"
#include "test_util.h"

namespace belfry {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::TempDir;

class ProtectedMail : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = dir_.Path("gnupg");
    fs::create_directories(home_);
    fs::permissions(home_, fs::perms::owner_all);
    const std::string gpg =
        "GNUPGHOME=" + home_ + " gpg --batch --quiet --pinentry-mode loopback --passphrase '' ";
    if (std::system((gpg + "--quick-gen-key 'Team <cert@example.be>' future-default default "
                           "never 2>/dev/null")
                        .c_str()) != 0)
      GTEST_SKIP() << "gpg not available";
  }
  void TearDown() override {
    std::system(("GNUPGHOME=" + home_ + " gpgconf --kill all 2>/dev/null").c_str());
  }
  OutgoingMail Mail() const {
    OutgoingMail m;
    m.from = "cert@example.be";
    m.to = {"soc@hospital.example"};
    m.subject = "[BELFRY #7] Systèmes vulnérables";
    m.text = "Madame, Monsieur,\n\nUn hôte vulnérable : 198.51.100.200.\n-- \nBelfry\n";
    m.attachments.push_back({"events.csv", "text/csv", "source.ip\r\n198.51.100.200\r\n"});
    m.message_id = "n.7@example.be";
    m.date = 1795950000;
    return m;
  }
  Result<InboundMail> Read(const std::string& raw) {
    setenv("GNUPGHOME", home_.c_str(), 1);
    auto m = ParseInboundMail(raw);
    unsetenv("GNUPGHOME");
    return m;
  }
  TempDir dir_;
  std::string home_;
};

TEST_F(ProtectedMail, PgpMimeSignatureVerifies) {
  auto pgp = OpenPgp::Open(home_, "cert@example.be");
  ASSERT_TRUE(pgp) << pgp.error().message();
  EXPECT_EQ((*pgp)->signer_fingerprint().size(), 40u);
  EXPECT_TRUE((*pgp)->fast_signing());  // the agent signs; the packet is built here
  MailProtection p;
  p.sign = true;
  auto raw = ComposeProtectedMail(Mail(), p, pgp->get());
  ASSERT_TRUE(raw) << raw.error().message();
  EXPECT_NE(raw->find("multipart/signed; micalg=\"pgp-sha"), std::string::npos);
  EXPECT_EQ(raw->find('\r'), std::string::npos);  // LF inside, CRLF on the wire
  auto in = Read(*raw);
  ASSERT_TRUE(in);
  EXPECT_EQ(in->pgp, "verified");
  EXPECT_EQ(in->pgp_signer, (*pgp)->signer_fingerprint());
  EXPECT_NE(in->text.find("Un hôte vulnérable"), std::string::npos);  // UTF-8 as labelled
  ASSERT_EQ(in->attachments.size(), 1u);
  EXPECT_EQ(in->subject, "[BELFRY #7] Systèmes vulnérables");

  // gpg itself, on the bytes cut out of the mail.
  dir_.Write("signed.eml", *raw);
  std::string cmd = "python3 " + std::string(BELFRY_SOURCE_DIR) +
                    "/tests/integration/lib/verify_pgp.py " + dir_.Path("signed.eml") + " " +
                    home_ + " > " + dir_.Path("fpr") + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << ReadFile(dir_.Path("fpr"));
  EXPECT_EQ(ReadFile(dir_.Path("fpr")), (*pgp)->signer_fingerprint() + "\n");

  // A changed byte breaks it.
  std::string tampered = *raw;
  tampered.replace(tampered.find("198.51.100.200"), 14, "198.51.100.201");
  auto bad = Read(tampered);
  ASSERT_TRUE(bad);
  EXPECT_NE(bad->pgp, "verified");
}

// The packets built for the agent and gpg's own, side by side, for both key types: gpg
// verifies each (the detached form: the data file beside it).
TEST_F(ProtectedMail, AgentAndGpgSignaturesBothVerify) {
  const std::string gpg =
      "GNUPGHOME=" + home_ + " gpg --batch --quiet --pinentry-mode loopback --passphrase '' ";
  ASSERT_EQ(std::system((gpg + "--quick-gen-key 'Team RSA <rsa@example.be>' rsa2048 sign never "
                               "2>/dev/null").c_str()), 0);
  const std::string data = "line one\r\nline two\r\n\xc3\xa9t\xc3\xa9\r\n";
  dir_.Write("data", data);
  for (const char* uid : {"cert@example.be", "rsa@example.be"}) {
    auto pgp = OpenPgp::Open(home_, uid);
    ASSERT_TRUE(pgp) << pgp.error().message();
    EXPECT_TRUE((*pgp)->fast_signing()) << uid;
    for (bool agent : {true, false}) {
      auto sig = agent ? (*pgp)->SignDetached(data) : (*pgp)->GpgSignDetached(data);
      ASSERT_TRUE(sig) << sig.error().message();
      dir_.Write("data.asc", sig->armored);
      std::string cmd = "GNUPGHOME=" + home_ + " gpg --batch --status-fd 1 --verify " +
                        dir_.Path("data.asc") + " " + dir_.Path("data") + " 2>/dev/null | grep -q '^\\[GNUPG:\\] VALIDSIG " +
                        (*pgp)->signer_fingerprint() + "'";
      EXPECT_EQ(std::system(cmd.c_str()), 0) << uid << (agent ? " agent" : " gpg") << "\n" << sig->armored;
    }
    EXPECT_TRUE((*pgp)->fast_signing()) << uid << ": the agent path failed and fell back";
  }
}

TEST_F(ProtectedMail, InlineSignatureAndEncryption) {
  auto pgp = OpenPgp::Open(home_, "cert@example.be");
  ASSERT_TRUE(pgp);
  MailProtection inline_sig;
  inline_sig.sign = true;
  inline_sig.pgp_inline = true;
  auto raw = ComposeProtectedMail(Mail(), inline_sig, pgp->get());
  ASSERT_TRUE(raw);
  auto in = Read(*raw);
  ASSERT_TRUE(in);
  EXPECT_EQ(in->text.rfind("-----BEGIN PGP SIGNED MESSAGE-----", 0), 0u);
  ASSERT_EQ(in->attachments.size(), 2u);
  EXPECT_EQ(in->attachments[1].name, "events.csv.asc");

  MailProtection sealed;
  sealed.sign = true;
  sealed.encrypt_to = (*pgp)->signer_fingerprint();  // to ourselves: we hold the key
  EXPECT_TRUE((*pgp)->HasPublicKey(sealed.encrypt_to));
  EXPECT_FALSE((*pgp)->HasPublicKey("0123456789ABCDEF0123456789ABCDEF01234567"));
  raw = ComposeProtectedMail(Mail(), sealed, pgp->get());
  ASSERT_TRUE(raw) << raw.error().message();
  EXPECT_EQ(raw->find("198.51.100.200"), std::string::npos);  // nothing in clear
  EXPECT_NE(raw->find("Subject: "), std::string::npos);
  in = Read(*raw);
  ASSERT_TRUE(in);
  EXPECT_EQ(in->pgp, "decrypted");
  EXPECT_NE(in->text.find("198.51.100.200"), std::string::npos);
}

TEST_F(ProtectedMail, NoKeyIsAClearError) {
  auto none = OpenPgp::Open(home_, "nobody@example.org");
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message().find("nobody@example.org"), std::string::npos);
  auto unsigned_ctx = OpenPgp::Open(home_, "");
  ASSERT_TRUE(unsigned_ctx);
  EXPECT_FALSE((*unsigned_ctx)->SignDetached("x"));
  // Nothing asked: the mail goes as composed.
  auto raw = ComposeProtectedMail(Mail(), MailProtection{}, nullptr);
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->find("multipart/signed"), std::string::npos);
}

TEST(SplitTopEntity, ContentHeadersGoWithTheEntity) {
  auto s = SplitTopEntity(
      "From: a@example.be\nContent-Type: multipart/mixed;\n boundary=\"x\"\nSubject: s\n"
      "MIME-Version: 1.0\nContent-Transfer-Encoding: 7bit\n\n--x\nbody\n--x--\n");
  EXPECT_EQ(s.headers, "From: a@example.be\nSubject: s\nMIME-Version: 1.0\n");
  EXPECT_EQ(s.entity,
            "Content-Type: multipart/mixed;\n boundary=\"x\"\nContent-Transfer-Encoding: 7bit\n"
            "\n--x\nbody\n--x--\n");
}

}  // namespace
}  // namespace belfry
