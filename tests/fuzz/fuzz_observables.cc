// Fuzz target: the observable extractor and the evidence helpers read every byte of every
// report and pasted log; hostile text must come out as values, never as a crash.
#include <cstdint>
#include <string>
#include <vector>

#include "ticket/evidence.h"
#include "ticket/observables.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<belfry::ObservableHit> hits;
  belfry::ExtractObservables(text, &hits);
  for (const auto& h : hits) {
    // Every hit points inside the text.
    if (h.offset + h.length > text.size()) __builtin_trap();
  }
  (void)belfry::ParseObservable(text.substr(0, 256));
  (void)belfry::Refang(text.substr(0, 4096));
  (void)belfry::MaskCredentials(text.substr(0, 65536));
  (void)belfry::FindTimestamp(text.substr(0, 4096), 1795950000);
  return 0;
}
