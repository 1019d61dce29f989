// Fuzz target: IntelMQ JSON events; what parses must serialise and parse again.
#include <cstdint>
#include <string>

#include "model/event_json.h"
#include "parse/parsers/intelmq_json/intelmq_json_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  auto e = belfry::ParseEventJson(input);
  if (!e) return 0;
  std::string json = belfry::EventToJson(*e);
  auto again = belfry::ParseEventJson(json);
  if (!again) __builtin_trap();
  if (belfry::EventToJson(*again) != json) __builtin_trap();
  // The line parser with small caps: a line with many extras is a dead letter, never lost.
  belfry::IntelMqJsonParser parser(4096);
  parser.set_limits({.max_columns = 16, .max_extra_keys = 4});
  belfry::ReportInfo info;
  info.file_name = "fuzz.json";
  if (!parser.Begin(info)) return 0;
  belfry::ParseOutput out;
  (void)parser.Parse(input, true, &out);
  if (out.events.size() + out.dead_letters.size() != out.records) __builtin_trap();
  return 0;
}
