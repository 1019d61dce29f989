#include "app/csv_rows.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/csv_tokenizer.h"
#include "core/text.h"

namespace belfry {

Status ForEachCsvRow(const std::string& text, const std::string& file,
                     const std::vector<std::string>& required, const std::string& help,
                     const std::function<Status(uint64_t line, const CsvRow& row)>& fn) {
  CsvTokenizer csv(CsvDialect{});
  csv.Feed(text, true);
  CsvRecord rec;
  std::vector<std::string> header;
  for (;;) {
    CsvStatus st = csv.Next(&rec);
    if (st == CsvStatus::kEnd || st == CsvStatus::kNeedMore) return Ok();
    if (st == CsvStatus::kError)
      return Fail(Error::InvalidInput(fmt::format("{}:{}: {}", file, csv.error_line(), csv.error())));
    if (header.empty()) {
      for (auto f : rec.fields) header.push_back(AsciiLowerCopy(TrimAscii(f)));
      for (const auto& need : required)
        if (std::find(header.begin(), header.end(), need) == header.end())
          return Fail(Error::InvalidInput(fmt::format("{}:1: the header needs {}", file, help)));
      continue;
    }
    CsvRow row;
    for (size_t i = 0; i < header.size() && i < rec.fields.size(); ++i)
      row[header[i]] = std::string(TrimAscii(rec.fields[i]));
    BELFRY_RETURN_IF_ERROR(fn(rec.line, row));
  }
}

}  // namespace belfry
