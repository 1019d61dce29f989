#pragma once
// Timestamps as microseconds since the Unix epoch (UTC), parsed the way IntelMQ's DateTime
// sanitizer accepts them and written the way it writes them.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace belfry {

// Parses the date-time spellings found in feeds, converting to UTC:
//   ISO 8601 / RFC 3339: 2026-11-22T10:00:00Z, 2026-11-22 10:00:00.5+01:00, 20261122T100000Z
//   with a trailing zone name: 2026-11-22 10:00:00 UTC (Shadowserver) or GMT
//   RFC 2822 / HTTP dates: Sun, 22 Nov 2026 10:00:00 GMT, 22 Nov 2026 10:00:00 +0100
//   a date alone (midnight UTC): 2026-11-22
// A value without a zone is taken as UTC.
Result<int64_t> ParseDateTimeMicros(std::string_view text);

// Writes IntelMQ's form: 2026-11-22T10:00:00+00:00, with .ffffff only when non-zero.
std::string FormatIsoUtc(int64_t micros);
void AppendIsoUtc(int64_t micros, std::string* out);

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);

// Parses `text` with a strftime-style `format` in time zone `zone` (IANA name, e.g.
// "Europe/Brussels"; empty = UTC) and returns UTC microseconds. Special formats:
// "epoch" (seconds), "epoch_millis", "iso8601" (= ParseDateTimeMicros).
Result<int64_t> ParseWithFormat(std::string_view text, std::string_view format,
                                std::string_view zone);
// Checks a zone name at configuration time.
Status ValidateTimeZone(std::string_view zone);

// A `--since`/`--until` value: a duration back from `now_micros` ("7d") or a date-time.
Result<int64_t> ParseSinceMicros(const std::string& text, int64_t now_micros);

}  // namespace belfry
