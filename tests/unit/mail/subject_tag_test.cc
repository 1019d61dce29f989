#include "mail/subject_tag.h"

#include <gtest/gtest.h>

namespace belfry {
namespace {

TEST(SubjectTag, FindsOursAndKeepsTheirs) {
  std::vector<std::string> ours = {"BELFRY", "CERT.example TT"};
  EXPECT_EQ(FindTicketTag("Re: [BELFRY #1234] Compromised FTP account", ours), 1234);
  EXPECT_EQ(FindTicketTag("AW: [belfry #7]", ours), 7);
  EXPECT_EQ(FindTicketTag("[CERT.example TT #55] old tag", ours), 55);
  EXPECT_EQ(FindTicketTag("[https://rt.example.be BELFRY #9] x", ours), 9);
  EXPECT_FALSE(FindTicketTag("[CERT-NL #5521] Compromised", ours));
  EXPECT_FALSE(FindTicketTag("[BELFRY #] [BELFRY #abc]", ours));
  EXPECT_EQ(ForeignTags("Re: [BELFRY #12] [CERT-NL #5521] x", ours), std::vector<std::string>{"[CERT-NL #5521]"});
}

TEST(SubjectTag, BareSubjectAndTagging) {
  EXPECT_EQ(BareSubject("Re: AW: Fwd: [BELFRY #3] [CERT-NL #5] Compromised FTP account"), "Compromised FTP account");
  EXPECT_EQ(BareSubject("RE[2]: TR: hello"), "hello");
  EXPECT_EQ(TaggedSubject("BELFRY", 12, "Compromised FTP account", "[CERT-NL #5521]"),
            "[BELFRY #12] [CERT-NL #5521] Compromised FTP account");
}

}  // namespace
}  // namespace belfry
