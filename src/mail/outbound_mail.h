#pragma once
// Outbound mail composed with GMime: a text body (UTF-8, quoted-printable) with, when given,
// an HTML alternative (multipart/alternative: readers show the best they can), attachments
// (base64), our Message-ID, threading headers, and Auto-Submitted on automatic mail
// (RFC 3834) so that auto-responders do not answer it.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace belfry {

struct OutgoingAttachment {
  std::string name;
  std::string content_type = "text/plain";
  std::string data;
};

struct OutgoingMail {
  std::string from, from_name;
  std::vector<std::string> to, cc;
  std::string subject;
  std::string text;
  std::string html;  // "" = text only
  std::vector<OutgoingAttachment> attachments;
  std::string message_id;  // without <>
  std::string in_reply_to;
  std::vector<std::string> references;
  bool automatic = false;  // Auto-Submitted: auto-generated
  int64_t date = 0;        // Unix seconds
  std::vector<std::pair<std::string, std::string>> headers;  // more, e.g. X-Belfry-Ticket
};

// The domain of an address ("cert@example.be" -> "example.be"; "belfry.invalid" without @).
std::string MailDomain(std::string_view address);
// "<ticket>.<unique>@<domain of from>" without the angle brackets.
std::string NewMessageId(std::string_view from, int64_t ticket, std::string_view unique);
Result<std::string> ComposeMail(const OutgoingMail& mail);

}  // namespace belfry
