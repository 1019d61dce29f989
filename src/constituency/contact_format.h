#pragma once
// A contact's preferred form of notification (the `format` column of the constituency):
// a data format and options, checked when the constituency is imported and used by the
// notifier (notify/event_formats.h).

#include <optional>
#include <string_view>

namespace belfry {

enum class DataFormat { kCsv, kInline, kJson, kXarf };
std::string_view DataFormatName(DataFormat f);  // csv, inline, json, xarf

// A contact's `format`: a data format and options, separated by '+', ',' or spaces:
//   csv | csv-semicolon | inline | json | xarf, and pgp-inline (inline OpenPGP signature
//   instead of PGP/MIME) or no-pgp (never signed nor encrypted).
struct ContactFormat {
  DataFormat data = DataFormat::kCsv;
  char delimiter = ',';
  bool pgp_inline = false;
  bool no_pgp = false;
};
std::optional<ContactFormat> ParseContactFormat(std::string_view text);
extern const char* const kFormatHelp;

}  // namespace belfry
