#include "enrich/deduplicator.h"

#include <algorithm>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "model/field_registry.h"

namespace belfry {

EventHasher::EventHasher(const DedupConfig& config)
    : whitelist_(config.whitelist), keys_(config.keys) {
  field_included_.resize(FieldRegistry::Size());
  for (size_t i = 0; i < field_included_.size(); ++i)
    field_included_[i] = Included(FieldRegistry::Name(static_cast<FieldId>(i)));
  raw_included_ = Included("raw");
  for (const auto& k : keys_) extra_keys_listed_ |= k.rfind("extra.", 0) == 0;
}

bool EventHasher::Included(std::string_view key) const {
  bool listed = std::find(keys_.begin(), keys_.end(), key) != keys_.end();
  // time.observation never counts: the same finding seen twice is the same finding.
  if (key == "time.observation") return false;
  return whitelist_ ? listed : !listed;
}

uint64_t EventHasher::Hash(const Event& event) {
  buffer_.clear();
  constexpr char kSep = '\xC0';  // IntelMQ's separator byte; never valid in UTF-8
  // Fields are named by their id (two bytes) rather than their name: the hash only has to
  // be stable within one version of the field table.
  event.ForEachField([&](const Event::FieldView& f) {
    if (!field_included_[f.id]) return;
    buffer_.push_back(static_cast<char>(f.id >> 8));
    buffer_.push_back(static_cast<char>(f.id & 0xFF));
    buffer_.append(f.value);
    buffer_.push_back(kSep);
  });
  const bool filter_extras = extra_keys_listed_;
  event.ForEachExtra([&](const Event::ExtraView& e) {
    if (filter_extras || whitelist_) {
      std::string key = "extra.";
      key.append(e.key);
      if (!Included(key)) return;
    }
    buffer_.push_back(kSep);
    buffer_.append(e.key);
    buffer_.push_back(kSep);
    buffer_.append(e.value);
    buffer_.push_back(kSep);
  });
  if (raw_included_) {
    if (event.raw_prefix) buffer_.append(*event.raw_prefix);
    buffer_.append(event.raw);
  }
  return XXH3_64bits(buffer_.data(), buffer_.size());
}

DedupWindow::DedupWindow(uint64_t max_entries) : max_entries_(max_entries) { slots_.resize(1024); }

bool DedupWindow::Insert(uint64_t hash, int64_t now, int64_t expires) {
  if (hash == 0) hash = 1;
  if (size_ >= max_entries_)
    Rebuild(now, true);
  else if ((size_ + 1) * 10 > slots_.size() * 7)
    Rebuild(now, false);
  size_t mask = slots_.size() - 1;
  size_t i = static_cast<size_t>(hash) & mask;
  for (;;) {
    Slot& s = slots_[i];
    if (s.hash == 0) {
      s = {hash, expires};
      ++size_;
      return true;
    }
    if (s.hash == hash) {
      if (s.expires <= now) {
        s.expires = expires;
        return true;
      }
      return false;
    }
    i = (i + 1) & mask;
  }
}

void DedupWindow::Rebuild(int64_t now, bool shed_oldest) {
  std::vector<Slot> live;
  live.reserve(size_);
  for (const auto& s : slots_)
    if (s.hash != 0 && s.expires > now) live.push_back(s);
  if (shed_oldest && live.size() >= max_entries_) {
    // Over the memory bound: forget the older half of the window.
    std::sort(live.begin(), live.end(),
              [](const Slot& a, const Slot& b) { return a.expires > b.expires; });
    size_t keep = max_entries_ / 2;
    evictions_ += live.size() - keep;
    live.resize(keep);
  }
  size_t cap = 1024;
  while (cap * 7 < (live.size() + 1) * 10 * 2) cap *= 2;
  slots_.assign(cap, Slot{0, 0});
  size_ = 0;
  size_t mask = cap - 1;
  for (const auto& s : live) {
    size_t i = static_cast<size_t>(s.hash) & mask;
    while (slots_[i].hash != 0) i = (i + 1) & mask;
    slots_[i] = s;
    ++size_;
  }
}

}  // namespace belfry
