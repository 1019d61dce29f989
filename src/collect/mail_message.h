#pragma once
// A report mail taken apart (GMime): its identity and the attachments that are reports.
// Pure: the bytes of one RFC 5322 message in, attachments out; no I/O.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace belfry {

struct MailAttachment {
  std::string name;  // file name from Content-Disposition or Content-Type
  std::string content_type;
  std::string data;  // decoded (base64, quoted-printable)
};

struct MailMessage {
  std::string message_id;
  std::string subject;
  std::string from;
  std::vector<MailAttachment> attachments;  // every named part, in order
};

Result<MailMessage> ParseMail(std::string_view bytes);

// Whether an attachment is a report: its name matches `pattern` (ECMAScript, case-insensitive);
// an empty pattern takes csv, json, txt, gz and zip files.
bool IsReportAttachment(const MailAttachment& a, const std::string& pattern);
bool SubjectMatches(const std::string& subject, const std::string& pattern);

}  // namespace belfry
