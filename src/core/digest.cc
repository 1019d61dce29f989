#include "core/digest.h"

#include <openssl/evp.h>
#include <sodium.h>

#include <cstdio>
#include <mutex>
#include <vector>

namespace belfry {
namespace {

void InitSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();  // no usable randomness source: nothing is safe
  });
}

std::string Hex(const unsigned char* p, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), p, n);
  out.pop_back();
  return out;
}

}  // namespace

struct Sha256::State {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~State() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : state_(std::make_unique<State>()) {
  InitSodium();
  if (!state_->ctx || EVP_DigestInit_ex(state_->ctx, EVP_sha256(), nullptr) != 1) std::abort();
}
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;
Sha256::~Sha256() = default;

void Sha256::Update(std::string_view bytes) {
  EVP_DigestUpdate(state_->ctx, bytes.data(), bytes.size());
}

std::string Sha256::HexDigest() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(state_->ctx, out, &n);
  return Hex(out, n);
}

std::string Sha256Hex(std::string_view bytes) {
  Sha256 h;
  h.Update(bytes);
  return h.HexDigest();
}

std::string Sha256FileHex(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return {};
  Sha256 h;
  std::vector<char> buf(1 << 20);
  for (;;) {
    const size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
    h.Update(std::string_view(buf.data(), n));
    if (n < buf.size()) break;
  }
  if (std::ferror(f.get())) return {};
  return h.HexDigest();
}

void Sha1(std::string_view bytes, unsigned char out[20]) {
  // The algorithm fetched once and a context per thread: EVP_Digest would look the
  // algorithm up under a lock and allocate a context on every call.
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA1", nullptr);
  thread_local struct Ctx {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Ctx() { EVP_MD_CTX_free(ctx); }
  } c;
  unsigned int len = 0;
  if (!md || !c.ctx || EVP_DigestInit_ex2(c.ctx, md, nullptr) != 1 ||
      EVP_DigestUpdate(c.ctx, bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(c.ctx, out, &len) != 1)
    std::abort();  // OpenSSL without SHA-1: nothing here can work
}

std::string Sha1Hex(std::string_view bytes) {
  unsigned char out[20];
  Sha1(bytes, out);
  return Hex(out, sizeof out);
}

std::string Sha512Hex(std::string_view bytes) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), out, &len, EVP_sha512(), nullptr);
  return Hex(out, len);
}

std::string HmacSha256Hex(std::string_view key, std::string_view message) {
  InitSodium();
  // Keys of any length, as RFC 2104 says (libsodium's one-shot API wants 32 bytes).
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  unsigned char out[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&st, out);
  return Hex(out, sizeof out);
}

}  // namespace belfry
