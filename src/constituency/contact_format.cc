#include "constituency/contact_format.h"

#include <string>

#include "core/text.h"

namespace belfry {

const char* const kFormatHelp =
    "must be csv, csv-semicolon, inline, json or xarf, optionally with +pgp-inline or +no-pgp";

std::string_view DataFormatName(DataFormat f) {
  switch (f) {
    case DataFormat::kCsv: return "csv";
    case DataFormat::kInline: return "inline";
    case DataFormat::kJson: return "json";
    case DataFormat::kXarf: return "xarf";
  }
  return "csv";
}

std::optional<ContactFormat> ParseContactFormat(std::string_view text) {
  ContactFormat out;
  bool have_data = false;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find_first_of("+, \t", i);
    if (j == std::string_view::npos) j = text.size();
    std::string token = AsciiLowerCopy(text.substr(i, j - i));
    i = j + 1;
    if (token.empty()) continue;
    auto data = [&](DataFormat f, char delimiter = ',') {
      if (have_data) return false;
      have_data = true;
      out.data = f;
      out.delimiter = delimiter;
      return true;
    };
    bool ok = true;
    if (token == "csv" || token == "csv-comma")
      ok = data(DataFormat::kCsv);
    else if (token == "csv-semicolon" || token == "csv;")
      ok = data(DataFormat::kCsv, ';');
    else if (token == "inline" || token == "csv-inline")
      ok = data(DataFormat::kInline);
    else if (token == "json")
      ok = data(DataFormat::kJson);
    else if (token == "xarf" || token == "x-arf")
      ok = data(DataFormat::kXarf);
    else if (token == "pgp-inline")
      out.pgp_inline = true;
    else if (token == "pgp-mime")
      out.pgp_inline = false;
    else if (token == "no-pgp")
      out.no_pgp = true;
    else
      ok = false;
    if (!ok) return std::nullopt;
  }
  return out;
}

}  // namespace belfry
