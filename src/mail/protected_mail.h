#pragma once
// Outbound mail signed and/or encrypted with OpenPGP: PGP/MIME (RFC 3156: multipart/signed,
// multipart/encrypted with the signature inside) or, for correspondents who ask for it,
// inline PGP (a cleartext-signed body and a detached .asc per attachment).

#include <string>

#include "core/result.h"
#include "mail/openpgp.h"
#include "mail/outbound_mail.h"

namespace belfry {

struct MailProtection {
  bool sign = false;
  bool pgp_inline = false;
  std::string encrypt_to;  // the recipient's key fingerprint ("" = not encrypted)
};

// `pgp` may be null when nothing is to be signed or encrypted.
Result<std::string> ComposeProtectedMail(OutgoingMail mail, const MailProtection& protection,
                                         OpenPgp* pgp);

// A composed message cut in two: the message's own headers, and the MIME entity (its
// Content-* headers and body) that PGP/MIME signs or encrypts.
struct SplitMessage {
  std::string headers;  // each line ending in '\n'
  std::string entity;
};
SplitMessage SplitTopEntity(std::string_view raw);

}  // namespace belfry
