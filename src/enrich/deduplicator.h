#pragma once
// Duplicate suppression within a time window, as IntelMQ's deduplicator: an event's hash
// covers every field but the filter keys (default raw and time.observation), or only the
// filter keys in whitelist mode. Unlike IntelMQ the hash set is bounded and its state is
// persisted with the events (the store reloads the window at start), so a restart keeps it
// and a replay stores nothing twice.
//
// Thread-compatible: one pipeline thread owns it.

#include <cstdint>
#include <string>
#include <vector>

#include "enrich/enrich_config.h"
#include "model/event.h"

namespace belfry {

// 64-bit XXH3 over the sorted (key, value) pairs of the event, minus excluded keys.
class EventHasher {
 public:
  explicit EventHasher(const DedupConfig& config);
  uint64_t Hash(const Event& event);

 private:
  bool Included(std::string_view key) const;
  bool whitelist_;
  std::vector<std::string> keys_;
  std::vector<uint8_t> field_included_;  // by FieldId
  bool raw_included_;
  bool extra_keys_listed_ = false;  // some filter key names an extra.* key
  std::string buffer_;
};

// Open-addressing hash set of (hash, expiry) with a bounded number of entries.
class DedupWindow {
 public:
  explicit DedupWindow(uint64_t max_entries);
  // True when `hash` is new (and records it until `expires`); false for a duplicate.
  bool Insert(uint64_t hash, int64_t now, int64_t expires);
  size_t size() const { return size_; }
  uint64_t evictions() const { return evictions_; }

 private:
  struct Slot {
    uint64_t hash;  // 0 = empty (a real hash of 0 is stored as 1)
    int64_t expires;
  };
  void Rebuild(int64_t now, bool shed_oldest);
  std::vector<Slot> slots_;
  size_t size_ = 0;
  uint64_t max_entries_;
  uint64_t evictions_ = 0;
};

}  // namespace belfry
