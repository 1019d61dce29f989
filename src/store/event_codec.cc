#include "store/event_codec.h"

#include "core/varint.h"

namespace belfry {
namespace {

constexpr uint8_t kExtraTag = 0xFE;

}  // namespace

void EncodeEventBody(const Event& event, const std::vector<std::string>* omit, std::string* out) {
  static_assert(fields::kFieldCount < kExtraTag, "field ids must fit below the extra tag");
  event.ForEachField([&](const Event::FieldView& f) {
    if (omit && !(*omit)[f.id].empty() && (*omit)[f.id] == f.value) return;
    out->push_back(static_cast<char>(f.id));
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

Status DecodeEventBody(std::string_view in, Event* event) {
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
      if (kind > static_cast<uint8_t>(JsonKind::kRaw) || !GetLengthPrefixed(&in, &value) ||
          !IsValidExtraKey(key))
        return Fail(Error::Corruption("event body: bad extra"));
      event->SetExtraTrusted(key, static_cast<JsonKind>(kind), value);
      continue;
    }
    if (tag >= fields::kFieldCount || !GetLengthPrefixed(&in, &value))
      return Fail(Error::Corruption("event body: bad field"));
    event->SetNormalized(tag, value);
  }
  return Ok();
}

}  // namespace belfry
