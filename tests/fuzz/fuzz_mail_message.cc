// Fuzz target: a report mail is hostile input; taking it apart must never crash, and the
// attachment filters must accept whatever names come out.
#include <cstdint>
#include <string>

#include "collect/mail_message.h"
#include "collect/schedule.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto mail = belfry::ParseMail(bytes);
  if (mail) {
    for (const auto& a : mail->attachments) (void)belfry::IsReportAttachment(a, "");
    (void)belfry::SubjectMatches(mail->subject, "Shadowserver");
  }
  // Schedules come from configuration files: the first line doubles as one.
  (void)belfry::Schedule::Parse(bytes.substr(0, bytes.find('\n')));
  return 0;
}
