// Fuzz target: peers' documents - a MISP event, a STIX bundle, a STIX pattern - on arbitrary
// bytes (the same input to each reader).
#include <cstdint>
#include <string>

#include "parse/parsers/intel/misp_parser.h"
#include "parse/parsers/intel/stix_parser.h"
#include "parse/parsers/intel/stix_pattern.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  belfry::ReportInfo info;
  info.file_name = "fuzz.json";
  {
    belfry::MispParser misp;
    (void)misp.Begin(info);
    belfry::ParseOutput out;
    (void)misp.Parse(input, true, &out);
  }
  {
    belfry::StixParser stix;
    (void)stix.Begin(info);
    belfry::ParseOutput out;
    (void)stix.Parse(input, true, &out);
  }
  (void)belfry::ParseStixPattern(input);
  return 0;
}
