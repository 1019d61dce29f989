// Fuzz target: the mail gateway's parser (GMime, ARF, X-ARF, XARF JSON, OpenPGP parts) and
// the subject-tag reader take whatever an MTA hands over; neither may crash.
#include <cstdint>
#include <string>

#include "mail/inbound_mail.h"
#include "mail/subject_tag.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // No decryption: a fuzzer must not depend on (or fill) a keyring.
  auto mail = belfry::ParseInboundMail(bytes, /*decrypt=*/false);
  if (mail) {
    (void)mail->IsAutomatic();
    (void)belfry::FindTicketTag(mail->subject, {"BELFRY"});
    (void)belfry::ForeignTags(mail->subject, {"BELFRY"});
    (void)belfry::BareSubject(mail->subject);
  }
  std::string_view first = bytes.substr(0, bytes.find('\n'));
  (void)belfry::FindTicketTag(first, {"BELFRY", "CERT.example TT"});
  (void)belfry::BareSubject(first);
  (void)belfry::MailAddressOf(first);
  return 0;
}
