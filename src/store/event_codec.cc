#include "store/event_codec.h"

#include <fmt/format.h>

#include "core/varint.h"

namespace belfry {
namespace {

constexpr uint8_t kExtraTag = 0xFE;

// Field tags on disk are stored ids (data/intelmq/field_ids.tsv), never FieldIds: a FieldId
// is an index into the name-sorted field table and moves when a field is added.
#include "store/field_stored_ids.inc"

}  // namespace

void EncodeEventBody(const Event& event, const std::vector<std::string>* omit, std::string* out) {
  static_assert(kStoredIdCount < 0xFD, "stored field ids must fit below the codec's tags");
  static_assert(sizeof(kStoredIdOfField) / sizeof(kStoredIdOfField[0]) == fields::kFieldCount);
  event.ForEachField([&](const Event::FieldView& f) {
    if (omit && !(*omit)[f.id].empty() && (*omit)[f.id] == f.value) return;
    out->push_back(static_cast<char>(kStoredIdOfField[f.id]));
    PutVarint(f.value.size(), out);
    out->append(f.value);
  });
  event.ForEachExtra([&](const Event::ExtraView& e) {
    out->push_back(static_cast<char>(kExtraTag));
    PutVarint(e.key.size(), out);
    out->append(e.key);
    out->push_back(static_cast<char>(e.kind));
    PutVarint(e.value.size(), out);
    out->append(e.value);
  });
}

Status DecodeEventBody(std::string_view in, Event* event, bool extras) {
  while (!in.empty()) {
    auto tag = static_cast<uint8_t>(in.front());
    in.remove_prefix(1);
    std::string_view value;
    if (tag == kExtraTag) {
      std::string_view key;
      if (!GetLengthPrefixed(&in, &key) || in.empty())
        return Fail(Error::Corruption("event body: truncated extra"));
      auto kind = static_cast<uint8_t>(in.front());
      in.remove_prefix(1);
      if (kind > static_cast<uint8_t>(JsonKind::kRaw) || !GetLengthPrefixed(&in, &value))
        return Fail(Error::Corruption("event body: bad extra"));
      if (!extras) continue;
      if (!IsValidExtraKey(key)) return Fail(Error::Corruption("event body: bad extra"));
      event->SetExtraTrusted(key, static_cast<JsonKind>(kind), value);
      continue;
    }
    if (tag >= kStoredIdCount)
      return Fail(Error::Corruption(
          fmt::format("event body: field id {} is unknown to this version (written by a newer "
                      "Belfry?)",
                      tag)));
    const FieldId id = kFieldOfStoredId[tag];
    if (!GetLengthPrefixed(&in, &value)) return Fail(Error::Corruption("event body: bad field"));
    // A field removed from harmonization.conf since the event was stored: kept out of the
    // event, as IntelMQ would refuse it.
    if (id == kNoField) continue;
    event->SetNormalized(id, value);
  }
  return Ok();
}

}  // namespace belfry
