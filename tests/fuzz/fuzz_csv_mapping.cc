// Fuzz target: a configured CSV feed (IP-or-FQDN, local times, extras) on arbitrary bytes.
#include <cstdint>
#include <string>

#include "parse/parsers/csv/csv_mapping_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static auto parser = [] {
    belfry::CsvMappingOptions o;
    o.dialect.delimiter = ';';
    o.dialect.comment = "#";
    o.columns = {"source.ip|source.fqdn", "time.source", "extra.attempts", "source.url"};
    o.time_format = "%Y-%m-%d %H:%M:%S";
    o.time_zone = "Europe/Brussels";
    o.constants = {{"classification.type", "brute-force"}};
    auto p = std::move(*belfry::CsvMappingParser::Create(o));
    p->set_limits({.max_columns = 6, .max_extra_keys = 2});  // small, so that inputs reach them
    return p;
  }();
  belfry::ReportInfo info;
  info.file_name = "fuzz.txt";
  (void)parser->Begin(info);
  belfry::ParseOutput out;
  std::string input(reinterpret_cast<const char*>(data), size);
  (void)parser->Parse(input, true, &out);
  return 0;
}
