// Fuzz target: the Shadowserver parser on arbitrary report bytes (scan_http mapping).
#include <cstdint>
#include <string>

#include "parse/parsers/shadowserver/shadowserver_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static auto source = *belfry::ShadowserverSchemaSource::Create("");
  static const char* kTypes[] = {"scan_http", "compromised_website", "event4_sinkhole_http",
                                 "blocklist"};
  belfry::ShadowserverParser parser(source, kTypes[size % 4]);
  // Small caps, so that inputs reach them: wide headers, wide rows, many extras.
  parser.set_limits({.max_columns = 40, .max_extra_keys = 8});
  belfry::ReportInfo info;
  info.file_name = "fuzz.csv";
  if (!parser.Begin(info)) return 0;
  belfry::ParseOutput out;
  std::string input(reinterpret_cast<const char*>(data), size);
  (void)parser.Parse(input, true, &out);
  return 0;
}
