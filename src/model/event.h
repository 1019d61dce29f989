#pragma once
// One observation in IntelMQ's data format: typed fields from the registry plus an `extra`
// bag. Values are held normalised, in one contiguous buffer per event (few allocations on
// the hot path); JSON is produced by event_json.h.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/result.h"
#include "model/field_registry.h"

namespace belfry {

class Event {
 public:
  struct FieldView {
    FieldId id;
    std::string_view value;
  };
  struct ExtraView {
    std::string_view key;  // without the "extra." prefix
    JsonKind kind;
    std::string_view value;  // text; for kRaw a JSON document
  };

  // Sanitises and adds a field. Values IntelMQ ignores ("", "-", "N/A") are skipped.
  // Adding a field that is already set is an error unless `overwrite`.
  Status Add(FieldId id, std::string_view value, bool overwrite = false);
  // Adds by name: registry fields, or "extra.<key>" (as a string).
  Status AddByName(std::string_view name, std::string_view value, bool overwrite = false);
  // Stores an already normalised value (constants prepared once per report, trusted code).
  void SetNormalized(FieldId id, std::string_view value);
  Status AddExtra(std::string_view key, JsonKind kind, std::string_view value,
                  bool overwrite = false);
  // As AddExtra, for keys the caller has already checked with IsValidExtraKey (hot path).
  void SetExtraTrusted(std::string_view key, JsonKind kind, std::string_view value);
  void Remove(FieldId id);
  void RemoveExtra(std::string_view key);

  bool Has(FieldId id) const { return FindSlot(id) != nullptr; }
  std::optional<std::string_view> Get(FieldId id) const;
  std::optional<ExtraView> GetExtra(std::string_view key) const;

  // Visits fields in id (= name) order without allocating.
  template <class F>
  void ForEachField(F&& fn) const {
    for (const auto& s : fields_) fn(FieldView{s.id, View(s.off, s.len)});
  }
  // Visits extra entries in key order without allocating.
  template <class F>
  void ForEachExtra(F&& fn) const {
    SortExtras();
    for (const auto& e : extras_)
      fn(ExtraView{View(e.key_off, e.key_len), e.kind, View(e.off, e.len)});
  }
  // Fields in id (= name) order.
  std::vector<FieldView> Fields() const;
  // Extra entries in key order.
  std::vector<ExtraView> Extras() const;
  size_t field_count() const { return fields_.size(); }
  size_t extra_count() const {
    SortExtras();
    return extras_.size();
  }

  // The original input behind this event (IntelMQ's `raw`, before base64): `raw_prefix`
  // (shared per report, e.g. a CSV header) followed by `raw`.
  std::shared_ptr<const std::string> raw_prefix;
  std::string raw;

  // Provenance: 1-based physical line of the record in its input.
  uint64_t line = 0;

  void Clear();
  // Replaces fields and extras with `other`'s (raw and line are kept), reusing buffers.
  void CopyFrom(const Event& other);

 private:
  struct Slot {
    FieldId id;
    uint32_t off;
    uint32_t len;
  };
  struct ExtraSlot {
    uint32_t key_off;
    uint32_t key_len;
    uint32_t off;
    uint32_t len;
    JsonKind kind;
  };
  const Slot* FindSlot(FieldId id) const;
  std::string_view View(uint32_t off, uint32_t len) const { return {data_.data() + off, len}; }
  void InsertSlot(FieldId id, uint32_t off, uint32_t len);

  std::string data_;
  std::vector<Slot> fields_;  // sorted by id
  // Extras are appended as they come and sorted by key when first read in order: a parser
  // adding a dozen extras per row should not pay for keeping them sorted. (Reading an event
  // may therefore reorder this index: an Event is not for concurrent readers.)
  // Beyond kLinearExtras entries, a key set again is appended too (no scan: an event with
  // 50,000 extras must not cost 50,000² comparisons) and sorting keeps the last value.
  static constexpr size_t kLinearExtras = 16;
  void SortExtras() const;
  mutable std::vector<ExtraSlot> extras_;
  mutable bool extras_sorted_ = true;  // sorted by key, each key once
  // The keys of a wide event's extras, built when AddExtra first has to check one (so that
  // checking stays constant time); a copy rebuilds its own.
  struct ExtraKeyIndex {
    std::unique_ptr<std::unordered_set<std::string>> keys;
    ExtraKeyIndex() = default;
    ExtraKeyIndex(const ExtraKeyIndex&) {}
    ExtraKeyIndex& operator=(const ExtraKeyIndex&) {
      keys.reset();
      return *this;
    }
    ExtraKeyIndex(ExtraKeyIndex&&) noexcept = default;
    ExtraKeyIndex& operator=(ExtraKeyIndex&&) noexcept = default;
  };
  ExtraKeyIndex extra_keys_;
};

// True when "extra.<key>" is a valid IntelMQ key.
bool IsValidExtraKey(std::string_view key);

}  // namespace belfry
