#pragma once
// Secrets of accounts: argon2id password hashes (libsodium's crypto_pwhash_str, its
// parameters in the encoded string, so stronger settings later still verify old hashes),
// and random bearer secrets (API tokens, sessions, CSRF tokens) kept only as SHA-256 digests.

#include <string>
#include <string_view>

#include "core/result.h"

namespace belfry {

// argon2id with libsodium's interactive limits (64 MiB, 2 passes: ~0.1 s a login).
Result<std::string> HashPassword(std::string_view password);
// Constant time in the password; false for a malformed or empty hash.
bool VerifyPassword(std::string_view hash, std::string_view password);
// A password policy of one rule that matters: length (NIST SP 800-63B).
Status CheckPasswordStrength(std::string_view password);

// 32 random bytes, URL-safe base64 without padding, behind `prefix` ("bfy_" for API tokens,
// so that secret scanners can recognise a leaked one).
std::string NewSecret(std::string_view prefix = "");
// What is stored of a secret: its SHA-256 in hex.
std::string SecretDigest(std::string_view secret);
// Constant-time comparison of two secrets.
bool SecretsEqual(std::string_view a, std::string_view b);

}  // namespace belfry
