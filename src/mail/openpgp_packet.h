#pragma once
// OpenPGP v4 signature packets (RFC 4880 §5.2.3) built here, the signing itself done by
// gpg-agent on the hash. Why by hand: GPGME runs one gpg process per signature (about
// 150-250 signatures a second here), and a notification run signs thousands of mails;
// asking the agent to sign a hash costs a socket round trip. Only the packet layout is
// ours (the key never leaves the agent); tests verify every signature with gpg and GMime.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace belfry::openpgp {

inline constexpr uint8_t kSigBinary = 0x00;  // signature of a binary document
inline constexpr uint8_t kAlgoRsa = 1;
inline constexpr uint8_t kAlgoEdDsa = 22;
inline constexpr uint8_t kHashSha512 = 10;

struct SignatureParams {
  uint8_t pubkey_algo = kAlgoEdDsa;
  uint8_t hash_algo = kHashSha512;
  std::array<uint8_t, 20> fingerprint{};  // the signing key's v4 fingerprint
  uint32_t created = 0;                   // signature creation time (Unix seconds)
};

// The hashed part: version, type, algorithms, hashed subpackets (creation time, issuer
// fingerprint).
std::string HashedPart(const SignatureParams& p);
// What follows the data and the hashed part into the hash: 0x04 0xFF, length (4 octets).
std::string HashTrailer(size_t hashed_part_length);
// An MPI (RFC 4880 §3.2) from big-endian bytes: leading zero octets dropped.
std::string Mpi(std::string_view big_endian);
// The whole packet (old format, tag 2): hashed part, unhashed issuer key id, the first two
// octets of the hash, the signature MPIs.
std::string SignaturePacket(const SignatureParams& p, std::string_view hashed_part,
                            std::string_view digest, std::string_view mpis);
// ASCII armor (RFC 4880 §6.2) with its CRC-24.
std::string Armor(std::string_view packet, std::string_view kind = "SIGNATURE");
uint32_t Crc24(std::string_view bytes);

}  // namespace belfry::openpgp
