#pragma once
// Feeds one report file through a parser window by window, so memory does not depend on
// the file size. The one place where files meet parsers.

#include <functional>
#include <string>

#include "core/result.h"
#include "parse/parser.h"

namespace belfry {

struct ReportReadOptions {
  size_t window_bytes = 4 << 20;
  // Called before each window is parsed (e.g. to hand the parser spare events).
  std::function<void(ParseOutput&)> prepare;
};

// Calls `sink(output, bytes_read)` after each window; `sink` returning false stops early.
// The parser must have been given the report with Begin(). Errors: the file cannot be read,
// or the parser failed on the report as a whole.
Status ReadReport(const std::string& path, Parser* parser,
                  const std::function<bool(ParseOutput&, size_t)>& sink,
                  const ReportReadOptions& options = {});

}  // namespace belfry
