#pragma once
// Evidence lines: the lines of a report that concern one party. Pure helpers for
// investigations: credentials masked before anything leaves, a line's own timestamp found
// (ISO 8601, Apache, syslog) so that stale or undated evidence is said plainly.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace belfry {

// "user:secret@host" -> "user:****@host"; "password=secret", "pass: secret", "pwd=..."
// -> "password=****"; "Authorization: Basic ..." -> "Authorization: ****".
std::string MaskCredentials(std::string_view line);

// The first timestamp in `line` as Unix seconds (UTC unless the line gives a zone). Syslog
// stamps carry no year: the latest year that does not put them after `now` is taken.
std::optional<int64_t> FindTimestamp(std::string_view line, int64_t now);

}  // namespace belfry
