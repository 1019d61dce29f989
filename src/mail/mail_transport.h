#pragma once
// Where outbound mail goes: an SMTP server (libcurl: STARTTLS, AUTH, one transaction per
// recipient so that each recipient's 2xx/4xx/5xx is known), or, when no SMTP server is
// configured, a Maildir (the embedded default: mails land as readable files).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace belfry {

enum class DeliveryOutcome { kSent, kTemporary, kPermanent };

struct DeliveryResult {
  DeliveryOutcome outcome = DeliveryOutcome::kTemporary;
  std::string detail;  // the server's answer or the error
};

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // Delivers `raw` to one recipient. `key` names this (mail, recipient) delivery uniquely.
  virtual DeliveryResult Send(const std::string& sender, const std::string& recipient,
                              const std::string& raw, const std::string& key) = 0;
  // Whether the delivery `key` is known to have happened (a Maildir can tell; an SMTP
  // server cannot: nullopt).
  virtual std::optional<bool> Delivered(const std::string& key) = 0;
  virtual std::string Describe() const = 0;
};

struct SmtpSettings {
  std::string url;  // smtp://host:port or smtps://host:port (userinfo: user:password)
  std::string user, password;
  std::string starttls = "auto";  // auto | required | never
  std::string ca_file;
  bool verify_tls = true;
  long timeout_seconds = 60;
};

std::unique_ptr<MailTransport> NewSmtpTransport(const SmtpSettings& settings);
// Delivers into DIR/new (via DIR/tmp), creating the Maildir; file names carry the key.
Result<std::unique_ptr<MailTransport>> NewMaildirTransport(const std::string& dir);

}  // namespace belfry
