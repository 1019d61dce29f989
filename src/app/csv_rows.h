#pragma once
// The CLI's CSV imports (products, newsletter subscribers): a file with a header row, its
// column names trimmed and lowercased, each data row handed over as name -> trimmed value.
// Errors name the file and line.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace belfry {

using CsvRow = std::map<std::string, std::string>;

// `required`: columns the header must have (`help` says what it needs otherwise). `fn`
// gets each row with its line; its error stops the reading.
Status ForEachCsvRow(const std::string& text, const std::string& file,
                     const std::vector<std::string>& required, const std::string& help,
                     const std::function<Status(uint64_t line, const CsvRow& row)>& fn);

}  // namespace belfry
