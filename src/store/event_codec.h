#pragma once
// The stored form of an event body: compact binary, rendered to IntelMQ JSON only when read
// (writing JSON for every stored event was the encode stage's largest cost).
//
//   body  := entry*
//   entry := field_id:u8 varint(len) value                      (registry field, normalised text)
//          | 0xFE varint(len) key kind:u8 varint(len) value     (extra.<key>, JsonKind)
//
// Fields whose value equals the report's constant are left out (the report keeps them).

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/event.h"

namespace belfry {

// `omit` (may be null): per-FieldId report constants; equal values are not written.
void EncodeEventBody(const Event& event, const std::vector<std::string>* omit, std::string* out);
// Adds the body's fields to `event`, overwriting what is there (report constants first).
// `extras` false: the extra.* fields are checked but not added (scans that do not read them).
Status DecodeEventBody(std::string_view body, Event* event, bool extras = true);

}  // namespace belfry
