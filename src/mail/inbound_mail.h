#pragma once
// One inbound RFC 5322 message taken apart (GMime): the headers threading and loop
// detection need, the text (any charset, decoded to UTF-8), the attachments, abuse reports
// (ARF, RFC 5965; X-ARF 0.2; XARF v4 JSON) and what OpenPGP said about it. Pure: bytes in,
// a value out; a hostile or broken message is an error value, never a crash.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace belfry {

struct InboundAttachment {
  std::string name;
  std::string content_type;
  std::string data;  // decoded
};

// One abuse report found in a mail, in the terms every format shares.
struct AbuseReport {
  std::string format;  // "arf", "x-arf", "xarf"
  std::string type;    // the format's own type: "abuse", "login-attack", "spam", ...
  std::string source_ip;
  std::string source_port;
  std::string url;
  std::string domain;
  std::string time;  // as given (ISO 8601 or RFC 5322 date)
  std::string reporter;
  std::string raw;   // the report part as received
};

struct InboundMail {
  std::string message_id;  // without <>
  std::string in_reply_to;
  std::vector<std::string> references;
  std::string subject;  // decoded to UTF-8
  std::string from;     // the address only, lowercase domain
  std::string from_name;
  std::vector<std::string> to, cc;
  std::string date;  // the Date: header as sent
  int64_t date_unix = 0;
  std::string auto_submitted;  // Auto-Submitted: (RFC 3834)
  std::string precedence;      // bulk | junk | list
  bool has_list_id = false;
  bool is_bounce = false;       // a delivery status notification
  std::string text;             // the body text (text/plain, else text/html made plain)
  std::vector<InboundAttachment> attachments;
  std::vector<AbuseReport> reports;
  // OpenPGP: "none", "signed" (not verified), "verified", "bad-signature", "encrypted"
  // (not decrypted: no key), "decrypted".
  std::string pgp = "none";
  std::string pgp_signer;  // fingerprint of a verified signature

  // An auto-reply, bounce or list mail: never answered automatically (RFC 3834).
  bool IsAutomatic() const;
};

// `decrypt`: try OpenPGP decryption and verification with the keys of the process's
// GNUPGHOME (GMime + GPGME).
Result<InboundMail> ParseInboundMail(std::string_view bytes, bool decrypt = true);

// "Some Name <a@b>" / "a@b" -> "a@b" (domain lowercased); "" when there is none.
std::string MailAddressOf(std::string_view text);

}  // namespace belfry
