#pragma once
// SHA-256 and HMAC-SHA256, hex-encoded: report checksums and API signatures. Checksums go
// through OpenSSL, whose SHA-256 uses the CPU's SHA extensions (about 1.8 GB/s here against
// about 0.25 GB/s for libsodium's portable code): every fetched byte is hashed.

#include <memory>

#include <string>
#include <string_view>

namespace belfry {

class Sha256 {
 public:
  Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  ~Sha256();
  void Update(std::string_view bytes);
  std::string HexDigest();  // finishes the hash

 private:
  struct State;
  std::unique_ptr<State> state_;
};

std::string Sha256Hex(std::string_view bytes);
// The SHA-256 of a file's bytes, read in 1 MiB pieces; "" when it cannot be read.
std::string Sha256FileHex(const std::string& path);
// SHA-1, only where a standard names it: STIX 2.1's deterministic (version 5) identifiers.
std::string Sha1Hex(std::string_view bytes);
// The same into 20 bytes, without allocating (a million identifiers per export).
void Sha1(std::string_view bytes, unsigned char out[20]);
// SHA-512: the checksum files beside published CSAF documents.
std::string Sha512Hex(std::string_view bytes);
std::string HmacSha256Hex(std::string_view key, std::string_view message);

}  // namespace belfry
