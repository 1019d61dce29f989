#include "pipeline/report_reader.h"

#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <vector>

namespace belfry {

Status ReadReport(const std::string& path, Parser* parser,
                  const std::function<bool(ParseOutput&, size_t)>& sink,
                  const ReportReadOptions& options) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return Fail(Error::Io(fmt::format("cannot read {}", path)));
  std::vector<char> chunk(options.window_bytes);
  std::string buffer;
  bool eof = false;
  while (!eof) {
    size_t n = std::fread(chunk.data(), 1, chunk.size(), f.get());
    if (n < chunk.size()) {
      if (std::ferror(f.get())) return Fail(Error::Io(fmt::format("error reading {}", path)));
      eof = true;
    }
    buffer.append(chunk.data(), n);
    ParseOutput out;
    if (options.prepare) options.prepare(out);
    auto consumed = parser->Parse(buffer, eof, &out);
    if (!consumed) return Fail(consumed.error());
    buffer.erase(0, *consumed);
    if (!sink(out, n)) break;
  }
  return Ok();
}

}  // namespace belfry
