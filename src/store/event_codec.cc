#include "store/event_codec.h"

#include "core/check.h"

namespace belfry {
namespace {

constexpr uint8_t kExtraTag = 0xFE;

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

bool GetVarint(std::string_view* in, uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift < 35 && !in->empty(); shift += 7) {
    auto b = static_cast<uint8_t>(in->front());
    in->remove_prefix(1);
    *v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

bool GetBytes(std::string_view* in, std::string_view* out) {
  uint64_t n;
  if (!GetVarint(in, &n) || n > in->size()) return false;
  *out = in->substr(0, n);
  in->remove_prefix(n);
  return true;
}

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
      if (!GetBytes(&in, &key) || in.empty()) return Fail(Error::Corruption("event body: truncated extra"));
      auto kind = static_cast<uint8_t>(in.front());
      in.remove_prefix(1);
      if (kind > static_cast<uint8_t>(JsonKind::kRaw) || !GetBytes(&in, &value) || !IsValidExtraKey(key))
        return Fail(Error::Corruption("event body: bad extra"));
      event->SetExtraTrusted(key, static_cast<JsonKind>(kind), value);
      continue;
    }
    if (tag >= fields::kFieldCount || !GetBytes(&in, &value)) return Fail(Error::Corruption("event body: bad field"));
    event->SetNormalized(tag, value);
  }
  return Ok();
}

}  // namespace belfry
