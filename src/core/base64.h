#pragma once
// RFC 4648 base64 (standard alphabet, padded), as IntelMQ's `raw` field uses.

#include <string>
#include <string_view>

#include "core/result.h"

namespace belfry {

void AppendBase64(std::string_view bytes, std::string* out);
std::string EncodeBase64(std::string_view bytes);
// Strict decoding: rejects characters outside the alphabet and bad padding.
// Whitespace (as in MIME-wrapped base64) is skipped.
Result<std::string> DecodeBase64(std::string_view text);

}  // namespace belfry
