// Fuzz target: IntelMQ JSON events; what parses must serialise and parse again.
#include <cstdint>
#include <string>

#include "model/event_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  auto e = belfry::ParseEventJson(input);
  if (!e) return 0;
  std::string json = belfry::EventToJson(*e);
  auto again = belfry::ParseEventJson(json);
  if (!again) __builtin_trap();
  if (belfry::EventToJson(*again) != json) __builtin_trap();
  return 0;
}
