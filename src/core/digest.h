#pragma once
// SHA-256 and HMAC-SHA256 (libsodium), hex-encoded: report checksums and API signatures.

#include <sodium.h>

#include <string>
#include <string_view>

namespace belfry {

class Sha256 {
 public:
  Sha256();
  void Update(std::string_view bytes);
  std::string HexDigest();  // finishes the hash

 private:
  crypto_hash_sha256_state state_;
};

std::string Sha256Hex(std::string_view bytes);
std::string HmacSha256Hex(std::string_view key, std::string_view message);

}  // namespace belfry
