#include "mail/openpgp_packet.h"

#include "core/base64.h"

namespace belfry::openpgp {

namespace {

void Put16(std::string* out, uint32_t v) {
  out->push_back(static_cast<char>((v >> 8) & 0xFF));
  out->push_back(static_cast<char>(v & 0xFF));
}

void Put32(std::string* out, uint32_t v) {
  Put16(out, v >> 16);
  Put16(out, v & 0xFFFF);
}

}  // namespace

std::string HashedPart(const SignatureParams& p) {
  std::string sub;
  sub.push_back(5);  // signature creation time
  sub.push_back(2);
  Put32(&sub, p.created);
  sub.push_back(22);  // issuer fingerprint: version 4 + 20 octets
  sub.push_back(33);
  sub.push_back(4);
  sub.append(reinterpret_cast<const char*>(p.fingerprint.data()), p.fingerprint.size());
  std::string out;
  out.push_back(4);
  out.push_back(static_cast<char>(kSigBinary));
  out.push_back(static_cast<char>(p.pubkey_algo));
  out.push_back(static_cast<char>(p.hash_algo));
  Put16(&out, static_cast<uint32_t>(sub.size()));
  out += sub;
  return out;
}

std::string HashTrailer(size_t hashed_part_length) {
  std::string out = {4, static_cast<char>(0xFF)};
  Put32(&out, static_cast<uint32_t>(hashed_part_length));
  return out;
}

std::string Mpi(std::string_view v) {
  while (!v.empty() && v.front() == '\0') v.remove_prefix(1);
  uint32_t bits = 0;
  if (!v.empty()) {
    uint8_t top = static_cast<uint8_t>(v.front());
    int n = 0;
    while (top) {
      ++n;
      top >>= 1;
    }
    bits = static_cast<uint32_t>((v.size() - 1) * 8 + n);
  }
  std::string out;
  Put16(&out, bits);
  out.append(v);
  return out;
}

std::string SignaturePacket(const SignatureParams& p, std::string_view hashed_part,
                            std::string_view digest, std::string_view mpis) {
  std::string body(hashed_part);
  std::string unhashed;
  unhashed.push_back(9);  // issuer key id: the fingerprint's last 8 octets
  unhashed.push_back(16);
  unhashed.append(reinterpret_cast<const char*>(p.fingerprint.data()) + 12, 8);
  Put16(&body, static_cast<uint32_t>(unhashed.size()));
  body += unhashed;
  body.append(digest.substr(0, 2));
  body.append(mpis);
  std::string out;
  out.push_back(static_cast<char>(0x89));  // old format, tag 2, two-octet length
  Put16(&out, static_cast<uint32_t>(body.size()));
  return out + body;
}

uint32_t Crc24(std::string_view bytes) {
  uint32_t crc = 0xB704CE;
  for (unsigned char c : bytes) {
    crc ^= static_cast<uint32_t>(c) << 16;
    for (int i = 0; i < 8; ++i) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864CFB;
    }
  }
  return crc & 0xFFFFFF;
}

std::string Armor(std::string_view packet, std::string_view kind) {
  std::string out = "-----BEGIN PGP " + std::string(kind) + "-----\n\n";
  const std::string b64 = EncodeBase64(packet);
  for (size_t i = 0; i < b64.size(); i += 64) out += b64.substr(i, 64) + "\n";
  const uint32_t crc = Crc24(packet);
  const std::string c = {static_cast<char>(crc >> 16), static_cast<char>((crc >> 8) & 0xFF),
                         static_cast<char>(crc & 0xFF)};
  out += "=" + EncodeBase64(c) + "\n";
  out += "-----END PGP " + std::string(kind) + "-----\n";
  return out;
}

}  // namespace belfry::openpgp
