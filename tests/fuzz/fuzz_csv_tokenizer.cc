// Fuzz target: the CSV tokenizer must never crash, loop or read out of bounds, and must
// consume its input, whatever the bytes and however they are split into windows.
#include <cstdint>
#include <string>

#include "core/csv_tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  belfry::CsvDialect dialect;
  dialect.max_record_bytes = 256;
  dialect.comment = "#";
  belfry::CsvTokenizer t(dialect);
  std::string buffer;
  size_t pos = 0, window = 1 + size % 61;
  for (;;) {
    size_t n = std::min(window, input.size() - pos);
    buffer.append(input, pos, n);
    pos += n;
    bool last = pos >= input.size();
    t.Feed(buffer, last);
    belfry::CsvRecord r;
    for (int guard = 0; guard < 100000; ++guard) {
      auto s = t.Next(&r);
      if (s == belfry::CsvStatus::kEnd || s == belfry::CsvStatus::kNeedMore) break;
    }
    if (t.consumed() > buffer.size()) __builtin_trap();
    buffer.erase(0, t.consumed());
    if (last) break;
  }
  return 0;
}
