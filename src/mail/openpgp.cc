#include "mail/openpgp.h"

#include <fmt/format.h>
#include <gpgme.h>

#include <mutex>

#include "core/text.h"

namespace belfry {

namespace {

Error GpgError(std::string_view what, gpgme_error_t err) {
  return Error(ErrorCode::kUnavailable, fmt::format("OpenPGP: {}: {}", what, gpgme_strerror(err)));
}

// Owns a gpgme_data_t.
struct Data {
  gpgme_data_t d = nullptr;
  ~Data() {
    if (d) gpgme_data_release(d);
  }
  std::string Take() {
    size_t n = 0;
    char* buf = gpgme_data_release_and_get_mem(d, &n);
    d = nullptr;
    std::string out(buf ? buf : "", buf ? n : 0);
    gpgme_free(buf);
    return out;
  }
};

}  // namespace

std::string ToCrlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 40);
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n' && (i == 0 || text[i - 1] != '\r')) out.push_back('\r');
    out.push_back(c);
  }
  return out;
}

struct OpenPgp::Impl {
  gpgme_ctx_t ctx = nullptr;
  gpgme_key_t signer = nullptr;
  ~Impl() {
    if (signer) gpgme_key_unref(signer);
    if (ctx) gpgme_release(ctx);
  }
  // The first key matching `pattern` (secret: with its secret key).
  Result<gpgme_key_t> FindKey(const std::string& pattern, bool secret) {
    gpgme_error_t err = gpgme_op_keylist_start(ctx, pattern.c_str(), secret ? 1 : 0);
    if (err) return Fail(GpgError("key list", err));
    gpgme_key_t key = nullptr, found = nullptr;
    while (!gpgme_op_keylist_next(ctx, &key)) {
      bool usable = !key->revoked && !key->expired && !key->disabled && !key->invalid &&
                    (secret ? key->can_sign : key->can_encrypt);
      if (usable && !found) {
        found = key;
      } else {
        gpgme_key_unref(key);
      }
    }
    gpgme_op_keylist_end(ctx);
    if (!found)
      return Fail(Error::NotFound(fmt::format("OpenPGP: no usable {} key for '{}'",
                                              secret ? "secret" : "public", pattern)));
    return found;
  }
};

OpenPgp::OpenPgp(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OpenPgp::~OpenPgp() = default;

Result<std::unique_ptr<OpenPgp>> OpenPgp::Open(const std::string& home,
                                               const std::string& signing_key) {
  static std::once_flag once;
  std::call_once(once, [] {
    gpgme_check_version(nullptr);
    gpgme_set_locale(nullptr, LC_CTYPE, "C");
  });
  auto impl = std::make_unique<Impl>();
  if (gpgme_error_t err = gpgme_new(&impl->ctx)) return Fail(GpgError("new context", err));
  if (gpgme_error_t err = gpgme_set_protocol(impl->ctx, GPGME_PROTOCOL_OpenPGP))
    return Fail(GpgError("protocol", err));
  if (!home.empty()) {
    if (gpgme_error_t err = gpgme_ctx_set_engine_info(impl->ctx, GPGME_PROTOCOL_OpenPGP,
                                                      nullptr, home.c_str()))
      return Fail(GpgError(fmt::format("GnuPG home {}", home), err));
  }
  gpgme_set_armor(impl->ctx, 1);
  // Never ask for a passphrase on a terminal: an unattended run fails cleanly instead.
  gpgme_set_pinentry_mode(impl->ctx, GPGME_PINENTRY_MODE_LOOPBACK);
  std::string fpr;
  if (!signing_key.empty()) {
    auto key = impl->FindKey(signing_key, true);
    if (!key) return Fail(key.error());
    impl->signer = *key;
    if (gpgme_error_t err = gpgme_signers_add(impl->ctx, impl->signer))
      return Fail(GpgError("signer", err));
    fpr = impl->signer->subkeys && impl->signer->subkeys->fpr ? impl->signer->subkeys->fpr : "";
  }
  std::unique_ptr<OpenPgp> out(new OpenPgp(std::move(impl)));
  out->signer_fpr_ = fpr;
  return out;
}

Result<DetachedSignature> OpenPgp::SignDetached(std::string_view data) {
  if (!impl_->signer) return Fail(Error::InvalidInput("OpenPGP: no signing key"));
  Data in, out;
  if (gpgme_error_t err = gpgme_data_new_from_mem(&in.d, data.data(), data.size(), 0))
    return Fail(GpgError("data", err));
  if (gpgme_error_t err = gpgme_data_new(&out.d)) return Fail(GpgError("data", err));
  if (gpgme_error_t err = gpgme_op_sign(impl_->ctx, in.d, out.d, GPGME_SIG_MODE_DETACH))
    return Fail(GpgError("sign", err));
  DetachedSignature sig;
  gpgme_sign_result_t result = gpgme_op_sign_result(impl_->ctx);
  const char* hash = result && result->signatures
                         ? gpgme_hash_algo_name(result->signatures->hash_algo)
                         : nullptr;
  sig.micalg = "pgp-" + AsciiLowerCopy(hash ? hash : "sha256");
  sig.armored = out.Take();
  return sig;
}

Result<std::string> OpenPgp::ClearSign(std::string_view text) {
  if (!impl_->signer) return Fail(Error::InvalidInput("OpenPGP: no signing key"));
  Data in, out;
  if (gpgme_error_t err = gpgme_data_new_from_mem(&in.d, text.data(), text.size(), 0))
    return Fail(GpgError("data", err));
  if (gpgme_error_t err = gpgme_data_new(&out.d)) return Fail(GpgError("data", err));
  if (gpgme_error_t err = gpgme_op_sign(impl_->ctx, in.d, out.d, GPGME_SIG_MODE_CLEAR))
    return Fail(GpgError("sign", err));
  return out.Take();
}

bool OpenPgp::HasPublicKey(const std::string& fingerprint) {
  if (fingerprint.empty()) return false;
  auto key = impl_->FindKey(fingerprint, false);
  if (!key) return false;
  gpgme_key_unref(*key);
  return true;
}

Result<std::string> OpenPgp::Encrypt(std::string_view data, const std::string& recipient_fpr) {
  auto key = impl_->FindKey(recipient_fpr, false);
  if (!key) return Fail(key.error());
  gpgme_key_t keys[2] = {*key, nullptr};
  Data in, out;
  gpgme_error_t err = gpgme_data_new_from_mem(&in.d, data.data(), data.size(), 0);
  if (!err) err = gpgme_data_new(&out.d);
  if (!err) {
    // The correspondent's key is on file because the team put it there: trust it.
    err = impl_->signer ? gpgme_op_encrypt_sign(impl_->ctx, keys, GPGME_ENCRYPT_ALWAYS_TRUST,
                                                in.d, out.d)
                        : gpgme_op_encrypt(impl_->ctx, keys, GPGME_ENCRYPT_ALWAYS_TRUST, in.d,
                                           out.d);
  }
  gpgme_key_unref(*key);
  if (err) return Fail(GpgError("encrypt", err));
  return out.Take();
}

}  // namespace belfry
