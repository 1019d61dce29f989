#include "model/event.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/text.h"
#include "model/value_sanitizer.h"

namespace belfry {

const Event::Slot* Event::FindSlot(FieldId id) const {
  for (const auto& s : fields_)
    if (s.id == id) return &s;
  return nullptr;
}

void Event::InsertSlot(FieldId id, uint32_t off, uint32_t len) {
  auto it = std::lower_bound(fields_.begin(), fields_.end(), id,
                             [](const Slot& s, FieldId i) { return s.id < i; });
  if (it != fields_.end() && it->id == id) {
    it->off = off;
    it->len = len;
    return;
  }
  fields_.insert(it, Slot{id, off, len});
}

Status Event::Add(FieldId id, std::string_view value, bool overwrite) {
  if (IsIgnoredValue(value)) return Ok();
  if (!overwrite && FindSlot(id))
    return Fail(Error::InvalidInput(fmt::format("field {} is set twice", FieldRegistry::Name(id))));
  if (data_.capacity() == 0) data_.reserve(512);
  size_t start = data_.size();
  BELFRY_RETURN_IF_ERROR(SanitizeValue(id, value, &data_));
  InsertSlot(id, static_cast<uint32_t>(start), static_cast<uint32_t>(data_.size() - start));
  return Ok();
}

void Event::SetNormalized(FieldId id, std::string_view value) {
  if (data_.capacity() == 0) data_.reserve(512);
  size_t start = data_.size();
  data_.append(value);
  InsertSlot(id, static_cast<uint32_t>(start), static_cast<uint32_t>(value.size()));
}

Status Event::AddByName(std::string_view name, std::string_view value, bool overwrite) {
  if (name.substr(0, 6) == "extra.") {
    if (!IsValidUtf8(value)) return Fail(Error::InvalidInput(fmt::format("{}: invalid UTF-8", name)));
    return AddExtra(name.substr(6), JsonKind::kString, value, overwrite);
  }
  auto id = FieldRegistry::Find(name);
  if (!id) return Fail(Error::InvalidInput(fmt::format("unknown field '{}'", name)));
  return Add(*id, value, overwrite);
}

Status Event::AddExtra(std::string_view key, JsonKind kind, std::string_view value, bool overwrite) {
  if (key.empty() || !IsValidKeyName(fmt::format("extra.{}", key)))
    return Fail(Error::InvalidInput(fmt::format("invalid key 'extra.{}'", key)));
  for (auto& e : extras_) {
    if (View(e.key_off, e.key_len) == key) {
      if (!overwrite) return Fail(Error::InvalidInput(fmt::format("field extra.{} is set twice", key)));
      e.off = static_cast<uint32_t>(data_.size());
      e.len = static_cast<uint32_t>(value.size());
      e.kind = kind;
      data_.append(value);
      return Ok();
    }
  }
  ExtraSlot s;
  s.key_off = static_cast<uint32_t>(data_.size());
  s.key_len = static_cast<uint32_t>(key.size());
  data_.append(key);
  s.off = static_cast<uint32_t>(data_.size());
  s.len = static_cast<uint32_t>(value.size());
  s.kind = kind;
  data_.append(value);
  extras_.push_back(s);
  return Ok();
}

void Event::Remove(FieldId id) {
  fields_.erase(std::remove_if(fields_.begin(), fields_.end(), [id](const Slot& s) { return s.id == id; }),
                fields_.end());
}

void Event::RemoveExtra(std::string_view key) {
  extras_.erase(std::remove_if(extras_.begin(), extras_.end(),
                               [&](const ExtraSlot& s) { return View(s.key_off, s.key_len) == key; }),
                extras_.end());
}

std::optional<std::string_view> Event::Get(FieldId id) const {
  const Slot* s = FindSlot(id);
  if (!s) return std::nullopt;
  return View(s->off, s->len);
}

std::optional<Event::ExtraView> Event::GetExtra(std::string_view key) const {
  for (const auto& e : extras_)
    if (View(e.key_off, e.key_len) == key) return ExtraView{key, e.kind, View(e.off, e.len)};
  return std::nullopt;
}

std::vector<Event::FieldView> Event::Fields() const {
  std::vector<FieldView> out;
  out.reserve(fields_.size());
  for (const auto& s : fields_) out.push_back({s.id, View(s.off, s.len)});
  return out;
}

std::vector<Event::ExtraView> Event::Extras() const {
  std::vector<ExtraView> out;
  out.reserve(extras_.size());
  for (const auto& e : extras_) out.push_back({View(e.key_off, e.key_len), e.kind, View(e.off, e.len)});
  std::sort(out.begin(), out.end(), [](const ExtraView& a, const ExtraView& b) { return a.key < b.key; });
  return out;
}

void Event::Clear() {
  data_.clear();
  fields_.clear();
  extras_.clear();
  raw_prefix.reset();
  raw.clear();
  line = 0;
}

}  // namespace belfry
