#pragma once
// OpenPGP through GPGME (which runs GnuPG's gpg against the keyring in `home`): detached
// and cleartext signatures with the team key, encryption to a correspondent's key.
// One OpenPgp per thread (a GPGME context is not shared); several run gpg in parallel.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace belfry {

struct DetachedSignature {
  std::string armored;  // -----BEGIN PGP SIGNATURE----- ...
  std::string micalg;   // RFC 3156's name of the hash: "pgp-sha512"
};

class OpenPgp {
 public:
  // `home`: the GnuPG home ("" = $GNUPGHOME or ~/.gnupg). `signing_key`: a fingerprint, key
  // id or user id with a secret key in that keyring; "" = cannot sign.
  static Result<std::unique_ptr<OpenPgp>> Open(const std::string& home,
                                               const std::string& signing_key);
  ~OpenPgp();
  OpenPgp(const OpenPgp&) = delete;
  OpenPgp& operator=(const OpenPgp&) = delete;

  const std::string& signer_fingerprint() const { return signer_fpr_; }
  // A detached signature: built here and signed by gpg-agent when it can (fast_signing()),
  // else by gpg.
  Result<DetachedSignature> SignDetached(std::string_view data);
  // The same through gpg (GPGME), always: one gpg process per signature.
  Result<DetachedSignature> GpgSignDetached(std::string_view data);
  bool fast_signing() const;
  // A cleartext-signed text (inline PGP).
  Result<std::string> ClearSign(std::string_view text);
  // Encrypts `data` to the key `recipient_fpr` (and signs it when a signing key is set),
  // ASCII-armored. Fails when the key is not in the keyring.
  Result<std::string> Encrypt(std::string_view data, const std::string& recipient_fpr);
  // The public key, ASCII-armored (published beside the team's CSAF documents).
  Result<std::string> ExportPublicKey(const std::string& fingerprint);
  // Whether the keyring holds a usable public key for this fingerprint.
  bool HasPublicKey(const std::string& fingerprint);

 private:
  struct Impl;
  explicit OpenPgp(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  std::string signer_fpr_;
};

// Canonical form for signing (RFC 3156 §5): every line ends in CRLF.
std::string ToCrlf(std::string_view text);

}  // namespace belfry
