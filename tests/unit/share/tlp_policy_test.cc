// The TLP policy: every label against every kind of recipient.
#include "share/tlp_policy.h"

#include <gtest/gtest.h>

namespace belfry {
namespace {

TEST(TlpPolicy, EveryLabelAgainstEveryRecipient) {
  const Recipient pub{RecipientKind::kPublic, ""}, community{RecipientKind::kCommunity, ""},
      peer{RecipientKind::kPeerTeam, "CERT-XX"}, own{RecipientKind::kConstituent, "ORG-A"},
      other{RecipientKind::kConstituent, "ORG-B"}, named{RecipientKind::kNamed, "ann"},
      stranger{RecipientKind::kNamed, "bob"};
  struct Case {
    Tlp tlp;
    bool pub, community, peer, own, other, named, stranger;
  };
  const Case kCases[] = {
      {Tlp::kClear, true, true, true, true, true, true, true},
      {Tlp::kGreen, false, true, true, true, true, true, true},
      {Tlp::kAmber, false, false, true, true, false, true, true},
      {Tlp::kAmberStrict, false, false, false, true, false, false, false},
      {Tlp::kRed, false, false, false, false, false, true, false},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(std::string(TlpName(c.tlp)));
    auto may = [&](const Recipient& r) { return MayShare(c.tlp, r, "ORG-A", {"ann"}).allowed; };
    EXPECT_EQ(may(pub), c.pub);
    EXPECT_EQ(may(community), c.community);
    EXPECT_EQ(may(peer), c.peer);
    EXPECT_EQ(may(own), c.own);
    EXPECT_EQ(may(other), c.other);
    EXPECT_EQ(may(named), c.named);
    EXPECT_EQ(may(stranger), c.stranger);
  }
  // Data concerning nobody in particular is no organisation's own.
  EXPECT_FALSE(MayShare(Tlp::kAmberStrict, own, "").allowed);
  EXPECT_NE(MayShare(Tlp::kRed, peer).reason.find("never leaves"), std::string::npos);
}

TEST(TlpPolicy, RecipientsByName) {
  EXPECT_EQ(ParseRecipient("public")->kind, RecipientKind::kPublic);
  EXPECT_EQ(ParseRecipient("peer:CERT-XX")->name, "CERT-XX");
  EXPECT_EQ(ParseRecipient("org:ORG-A")->kind, RecipientKind::kConstituent);
  EXPECT_EQ(RecipientName(*ParseRecipient("named:ann")), "named:ann");
  EXPECT_FALSE(ParseRecipient("peer:"));
  EXPECT_FALSE(ParseRecipient("everyone"));
}

}  // namespace
}  // namespace belfry
