#include "mail/openpgp.h"

#include <fmt/format.h>
#include <gpgme.h>

#include <sodium.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <mutex>

#include "core/text.h"
#include "mail/openpgp_packet.h"

extern char** environ;

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

// Runs a program (argv, no shell) and returns its first output line; "" on failure.
std::string FirstLineOf(const std::vector<std::string>& argv) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  std::string out;
  char buf[512];
  ssize_t n;
  while (rc == 0 && (n = read(fds[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  if (rc == 0) waitpid(pid, &status, 0);
  if (rc != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return {};
  return out.substr(0, out.find('\n'));
}

// The value of "(1:<name><len>:<bytes>" in a canonical S-expression ("" if absent).
std::string SexpValue(std::string_view sexp, std::string_view name) {
  const std::string key = "(" + std::to_string(name.size()) + ":" + std::string(name);
  size_t at = sexp.find(key);
  if (at == std::string_view::npos) return {};
  size_t p = at + key.size(), colon = sexp.find(':', p);
  if (colon == std::string_view::npos) return {};
  auto len = ParseInt64(sexp.substr(p, colon - p));
  if (!len || *len < 0 || colon + 1 + static_cast<size_t>(*len) > sexp.size()) return {};
  return std::string(sexp.substr(colon + 1, static_cast<size_t>(*len)));
}

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
  // The fast path: gpg-agent signs the hash of a packet built here (openpgp_packet.h).
  gpgme_ctx_t agent = nullptr;
  std::string keygrip;
  openpgp::SignatureParams params;
  ~Impl() {
    if (agent) gpgme_release(agent);
    if (signer) gpgme_key_unref(signer);
    if (ctx) gpgme_release(ctx);
  }
  Status Transact(const std::string& command, std::string* data) {
    gpgme_error_t op_err = 0;
    auto on_data = [](void* opaque, const void* d, size_t n) -> gpgme_error_t {
      if (opaque) static_cast<std::string*>(opaque)->append(static_cast<const char*>(d), n);
      return 0;
    };
    gpgme_error_t err = gpgme_op_assuan_transact_ext(agent, command.c_str(), on_data, data,
                                                     nullptr, nullptr, nullptr, nullptr, &op_err);
    if (err || op_err) return Fail(GpgError("gpg-agent " + command.substr(0, command.find(' ')),
                                            err ? err : op_err));
    return Ok();
  }
  // Connects to the agent that holds the signing key, when the key is one it can sign for
  // here (RSA or EdDSA, v4); otherwise every signature goes through gpg.
  void ConnectAgent(const std::string& home) {
    gpgme_subkey_t sub = signer ? signer->subkeys : nullptr;
    while (sub && !(sub->can_sign && !sub->revoked && !sub->expired && !sub->disabled))
      sub = sub->next;
    if (!sub || !sub->keygrip || !sub->fpr || std::strlen(sub->fpr) != 40) return;
    if (sub->pubkey_algo == GPGME_PK_RSA || sub->pubkey_algo == GPGME_PK_RSA_S)
      params.pubkey_algo = openpgp::kAlgoRsa;
    else if (sub->pubkey_algo == GPGME_PK_EDDSA)
      params.pubkey_algo = openpgp::kAlgoEdDsa;
    else
      return;
    for (size_t i = 0; i < 20; ++i) {
      unsigned byte = 0;
      if (std::sscanf(sub->fpr + 2 * i, "%2x", &byte) != 1) return;
      params.fingerprint[i] = static_cast<uint8_t>(byte);
    }
    std::vector<std::string> argv = {"gpgconf"};
    if (!home.empty()) argv.insert(argv.end(), {"--homedir", home});
    argv.insert(argv.end(), {"--list-dirs", "agent-socket"});
    const std::string socket = FirstLineOf(argv);
    if (socket.empty()) return;
    if (gpgme_new(&agent)) return;
    if (gpgme_set_protocol(agent, GPGME_PROTOCOL_ASSUAN) ||
        gpgme_ctx_set_engine_info(agent, GPGME_PROTOCOL_ASSUAN, socket.c_str(), nullptr)) {
      gpgme_release(agent);
      agent = nullptr;
      return;
    }
    keygrip = sub->keygrip;
  }
  // Signs `data` through the agent; an error sends the caller to gpg.
  Result<DetachedSignature> AgentSign(std::string_view data) {
    openpgp::SignatureParams p = params;
    p.created = static_cast<uint32_t>(std::time(nullptr));
    const std::string hashed = openpgp::HashedPart(p);
    const std::string trailer = openpgp::HashTrailer(hashed.size());
    crypto_hash_sha512_state st;
    crypto_hash_sha512_init(&st);
    crypto_hash_sha512_update(&st, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    crypto_hash_sha512_update(&st, reinterpret_cast<const unsigned char*>(hashed.data()), hashed.size());
    crypto_hash_sha512_update(&st, reinterpret_cast<const unsigned char*>(trailer.data()), trailer.size());
    unsigned char digest[crypto_hash_sha512_BYTES];
    crypto_hash_sha512_final(&st, digest);
    std::string hex(2 * sizeof digest + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), digest, sizeof digest);
    hex.pop_back();
    BELFRY_RETURN_IF_ERROR(Transact("SIGKEY " + keygrip, nullptr));
    BELFRY_RETURN_IF_ERROR(Transact("SETHASH --hash=sha512 " + hex, nullptr));
    std::string sexp;
    BELFRY_RETURN_IF_ERROR(Transact("PKSIGN", &sexp));
    std::string mpis;
    if (p.pubkey_algo == openpgp::kAlgoEdDsa) {
      const std::string r = SexpValue(sexp, "r"), s = SexpValue(sexp, "s");
      if (r.empty() || s.empty()) return Fail(Error::Internal("gpg-agent: no EdDSA signature"));
      mpis = openpgp::Mpi(r) + openpgp::Mpi(s);
    } else {
      const std::string s = SexpValue(sexp, "s");
      if (s.empty()) return Fail(Error::Internal("gpg-agent: no RSA signature"));
      mpis = openpgp::Mpi(s);
    }
    const std::string packet = openpgp::SignaturePacket(
        p, hashed, std::string_view(reinterpret_cast<const char*>(digest), sizeof digest), mpis);
    return DetachedSignature{openpgp::Armor(packet), "pgp-sha512"};
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
  if (!signing_key.empty()) {
    // One signature through gpg: proves the key usable and starts its agent.
    auto first = out->GpgSignDetached("belfry");
    if (!first) return Fail(first.error());
    out->impl_->ConnectAgent(home);
  }
  return out;
}

Result<DetachedSignature> OpenPgp::SignDetached(std::string_view data) {
  if (impl_->agent) {
    auto sig = impl_->AgentSign(data);
    if (sig) return sig;
    // The agent path failed (a key that needs a passphrase, an agent restarted): gpg from
    // now on, which reports the problem properly if it persists.
    gpgme_release(impl_->agent);
    impl_->agent = nullptr;
  }
  return GpgSignDetached(data);
}

bool OpenPgp::fast_signing() const { return impl_->agent != nullptr; }

Result<DetachedSignature> OpenPgp::GpgSignDetached(std::string_view data) {
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

Result<std::string> OpenPgp::ExportPublicKey(const std::string& fingerprint) {
  Data out;
  if (gpgme_error_t err = gpgme_data_new(&out.d)) return Fail(GpgError("data", err));
  if (gpgme_error_t err = gpgme_op_export(impl_->ctx, fingerprint.c_str(), 0, out.d))
    return Fail(GpgError("export", err));
  std::string key = out.Take();
  if (key.empty())
    return Fail(Error::NotFound(fmt::format("OpenPGP: no public key {}", fingerprint)));
  return key;
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
