#include "model/event.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/text.h"
#include "model/value_sanitizer.h"

namespace belfry {

const Event::Slot* Event::FindSlot(FieldId id) const {
  for (const auto& s : fields_)
    if (s.id == id) return &s;
  return nullptr;
}

void Event::InsertSlot(FieldId id, uint32_t off, uint32_t len) {
  if (fields_.capacity() == 0) fields_.reserve(32);
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
  if (fields_.capacity() == 0) fields_.reserve(32);
  if (data_.capacity() == 0) data_.reserve(1024);
  // One search finds both a duplicate and the insertion point.
  auto it = std::lower_bound(fields_.begin(), fields_.end(), id,
                             [](const Slot& s, FieldId i) { return s.id < i; });
  bool exists = it != fields_.end() && it->id == id;
  if (exists && !overwrite)
    return Fail(Error::InvalidInput(fmt::format("field {} is set twice", FieldRegistry::Name(id))));
  size_t start = data_.size();
  BELFRY_RETURN_IF_ERROR(SanitizeValue(id, value, &data_));
  auto off = static_cast<uint32_t>(start), len = static_cast<uint32_t>(data_.size() - start);
  if (exists) {
    it->off = off;
    it->len = len;
  } else {
    fields_.insert(it, Slot{id, off, len});
  }
  return Ok();
}

void Event::CopyFrom(const Event& other) {
  data_.assign(other.data_);
  fields_.assign(other.fields_.begin(), other.fields_.end());
  extras_.assign(other.extras_.begin(), other.extras_.end());
  extras_sorted_ = other.extras_sorted_;
  extra_keys_.keys.reset();
}

void Event::SetNormalized(FieldId id, std::string_view value) {
  if (data_.capacity() == 0) data_.reserve(1024);
  size_t start = data_.size();
  data_.append(value);
  InsertSlot(id, static_cast<uint32_t>(start), static_cast<uint32_t>(value.size()));
}

Status Event::AddByName(std::string_view name, std::string_view value, bool overwrite) {
  if (name.substr(0, 6) == "extra.") {
    if (!IsValidUtf8(value))
      return Fail(Error::InvalidInput(fmt::format("{}: invalid UTF-8", name)));
    return AddExtra(name.substr(6), JsonKind::kString, value, overwrite);
  }
  auto id = FieldRegistry::Find(name);
  if (!id) return Fail(Error::InvalidInput(fmt::format("unknown field '{}'", name)));
  return Add(*id, value, overwrite);
}

bool IsValidExtraKey(std::string_view key) {
  // "extra." + key must match ^[a-z_][a-z_0-9]+(\.[a-z_0-9]+)*$: key is dot-separated
  // non-empty segments of [a-z_0-9].
  if (key.empty() || key.front() == '.' || key.back() == '.') return false;
  char prev = '.';
  for (char c : key) {
    if (c == '.') {
      if (prev == '.') return false;
    } else if (!((c >= 'a' && c <= 'z') || c == '_' || (c >= '0' && c <= '9'))) {
      return false;
    }
    prev = c;
  }
  return true;
}

void Event::SetExtraTrusted(std::string_view key, JsonKind kind, std::string_view value) {
  if (data_.capacity() == 0) data_.reserve(1024);
  if (extras_.capacity() == 0) extras_.reserve(24);
  for (auto& e : extras_) {
    if (extras_.size() > kLinearExtras) break;
    if (e.key_len == key.size() && View(e.key_off, e.key_len) == key) {
      e.off = static_cast<uint32_t>(data_.size());
      e.len = static_cast<uint32_t>(value.size());
      e.kind = kind;
      data_.append(value);
      return;
    }
  }
  // Appended after a greater or equal key: order (or uniqueness, past kLinearExtras) is
  // restored when the extras are next read.
  if (!extras_.empty() && View(extras_.back().key_off, extras_.back().key_len) >= key)
    extras_sorted_ = false;
  ExtraSlot s;
  s.key_off = static_cast<uint32_t>(data_.size());
  s.key_len = static_cast<uint32_t>(key.size());
  data_.append(key);
  s.off = static_cast<uint32_t>(data_.size());
  s.len = static_cast<uint32_t>(value.size());
  s.kind = kind;
  data_.append(value);
  extras_.push_back(s);
  if (extra_keys_.keys) extra_keys_.keys->emplace(key);
}

void Event::SortExtras() const {
  if (extras_sorted_) return;
  auto key = [this](const ExtraSlot& e) { return View(e.key_off, e.key_len); };
  if (extras_.size() <= kLinearExtras) {
    // Insertion sort: a dozen entries, often nearly in order (keys are unique here).
    for (size_t i = 1; i < extras_.size(); ++i) {
      ExtraSlot cur = extras_[i];
      size_t j = i;
      while (j > 0 && key(extras_[j - 1]) > key(cur)) {
        extras_[j] = extras_[j - 1];
        --j;
      }
      extras_[j] = cur;
    }
  } else {
    // Stable: among entries of one key, the last set comes last, and is the one kept.
    std::stable_sort(extras_.begin(), extras_.end(),
                     [&](const ExtraSlot& a, const ExtraSlot& b) { return key(a) < key(b); });
    size_t out = 0;
    for (size_t i = 0; i < extras_.size(); ++i) {
      if (i + 1 < extras_.size() && key(extras_[i + 1]) == key(extras_[i])) continue;
      extras_[out++] = extras_[i];
    }
    extras_.resize(out);
  }
  extras_sorted_ = true;
}

Status Event::AddExtra(std::string_view key, JsonKind kind, std::string_view value,
                       bool overwrite) {
  if (!IsValidExtraKey(key))
    return Fail(Error::InvalidInput(fmt::format("invalid key 'extra.{}'", key)));
  if (!overwrite) {
    bool set_twice = false;
    if (extras_.size() > kLinearExtras) {
      if (!extra_keys_.keys) {
        extra_keys_.keys = std::make_unique<std::unordered_set<std::string>>();
        for (const auto& e : extras_) extra_keys_.keys->emplace(View(e.key_off, e.key_len));
      }
      set_twice = extra_keys_.keys->count(std::string(key)) > 0;
    } else {
      set_twice = GetExtra(key).has_value();
    }
    if (set_twice)
      return Fail(Error::InvalidInput(fmt::format("field extra.{} is set twice", key)));
  }
  SetExtraTrusted(key, kind, value);
  return Ok();
}

void Event::Remove(FieldId id) {
  fields_.erase(
      std::remove_if(fields_.begin(), fields_.end(), [id](const Slot& s) { return s.id == id; }),
      fields_.end());
}

void Event::RemoveExtra(std::string_view key) {
  extra_keys_.keys.reset();
  extras_.erase(
      std::remove_if(extras_.begin(), extras_.end(),
                     [&](const ExtraSlot& s) { return View(s.key_off, s.key_len) == key; }),
      extras_.end());
}

std::optional<std::string_view> Event::Get(FieldId id) const {
  const Slot* s = FindSlot(id);
  if (!s) return std::nullopt;
  return View(s->off, s->len);
}

std::optional<Event::ExtraView> Event::GetExtra(std::string_view key) const {
  if (extras_.size() > kLinearExtras) {
    SortExtras();
    auto it = std::lower_bound(extras_.begin(), extras_.end(), key,
                               [this](const ExtraSlot& e, std::string_view k) {
                                 return View(e.key_off, e.key_len) < k;
                               });
    if (it != extras_.end() && View(it->key_off, it->key_len) == key)
      return ExtraView{key, it->kind, View(it->off, it->len)};
    return std::nullopt;
  }
  for (const auto& e : extras_)
    if (e.key_len == key.size() && View(e.key_off, e.key_len) == key)
      return ExtraView{key, e.kind, View(e.off, e.len)};
  return std::nullopt;
}

std::vector<Event::FieldView> Event::Fields() const {
  std::vector<FieldView> out;
  out.reserve(fields_.size());
  for (const auto& s : fields_) out.push_back({s.id, View(s.off, s.len)});
  return out;
}

std::vector<Event::ExtraView> Event::Extras() const {
  SortExtras();
  std::vector<ExtraView> out;
  out.reserve(extras_.size());
  for (const auto& e : extras_)
    out.push_back({View(e.key_off, e.key_len), e.kind, View(e.off, e.len)});
  return out;
}

void Event::Clear() {
  data_.clear();
  fields_.clear();
  extras_.clear();
  extras_sorted_ = true;
  extra_keys_.keys.reset();
  raw_prefix.reset();
  raw.clear();
  line = 0;
}

}  // namespace belfry
