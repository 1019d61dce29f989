#include "access/credentials.h"

#include <gtest/gtest.h>

#include "access/access_policy.h"

namespace belfry {
namespace {

TEST(Credentials, PasswordsAreArgon2idAndVerify) {
  auto hash = HashPassword("correct horse battery staple");
  ASSERT_TRUE(hash);
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse battery stapl"));
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(VerifyPassword("not a hash", "x"));
  EXPECT_FALSE(CheckPasswordStrength("short"));
  EXPECT_TRUE(CheckPasswordStrength("twelve chars"));
}

TEST(Credentials, SecretsAreRandomAndStoredAsDigests) {
  const std::string a = NewSecret("bfy_"), b = NewSecret("bfy_");
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("bfy_", 0), 0u);
  EXPECT_EQ(a.size(), 4u + 43u);
  EXPECT_EQ(SecretDigest(a).size(), 64u);
  EXPECT_NE(SecretDigest(a), a);
  EXPECT_TRUE(SecretsEqual(a, a));
  EXPECT_FALSE(SecretsEqual(a, b));
}

TEST(AccessPolicy, RolesAndTlp) {
  Principal analyst{1, "ana", Role::kAnalyst, ""};
  Principal ro{2, "rob", Role::kReadOnly, ""};
  Principal a{3, "a", Role::kConstituent, "ORG-A"};
  Route mine{RouteKind::kConstituent, "ORG-A", "abuse@a.example", false};
  Route theirs{RouteKind::kConstituent, "ORG-B", "abuse@b.example", false};
  Route triage{RouteKind::kTriage, "ORG-A", "", false};
  Route peer{RouteKind::kPeer, "ORG-A", "CERT-X", false};
  EXPECT_TRUE(MayReadEvent(analyst, Tlp::kRed, theirs));
  EXPECT_FALSE(MayReadEvent(ro, Tlp::kRed, theirs));
  EXPECT_TRUE(MayReadEvent(ro, Tlp::kAmberStrict, theirs));
  EXPECT_TRUE(MayReadEvent(a, Tlp::kAmberStrict, mine));
  EXPECT_TRUE(MayReadEvent(a, std::nullopt, triage));
  EXPECT_FALSE(MayReadEvent(a, Tlp::kRed, mine));
  EXPECT_FALSE(MayReadEvent(a, Tlp::kClear, theirs));
  EXPECT_FALSE(MayReadEvent(a, Tlp::kClear, peer));
  EXPECT_FALSE(MayReadEvent(a, Tlp::kClear, std::nullopt));
  EXPECT_TRUE(MayReadTicket(a, Tlp::kAmber, true, "ORG-A"));
  EXPECT_FALSE(MayReadTicket(a, Tlp::kAmber, false, "ORG-A"));  // reports are the team's
  EXPECT_FALSE(MayReadTicket(a, Tlp::kAmber, true, "ORG-B"));
  Principal orphan{4, "o", Role::kConstituent, ""};
  EXPECT_FALSE(MayReadTicket(orphan, Tlp::kClear, true, ""));
}

}  // namespace
}  // namespace belfry
