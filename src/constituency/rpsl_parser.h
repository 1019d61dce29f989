#pragma once
// RPSL (RFC 2622, as the RIPE database writes it) split into objects. Pure: bytes in,
// objects out, fed in chunks of any size so that multi-gigabyte dumps stream.
//
// An object is a paragraph of "attribute: value" lines; lines starting with '%' or '#' are
// comments; a line starting with space, tab or '+' continues the previous value; "#" starts
// an end-of-line comment inside values. A malformed paragraph is reported with its first line
// and skipped; the rest of the input is still read.

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace belfry {

struct RpslObject {
  using Attribute = std::pair<std::string, std::string>;
  uint64_t line = 0;  // first line of the object, 1-based
  // storage[0, count): in input order; names lowercased; values trimmed, continuation lines
  // joined by one space. Entries past `count` are spare strings kept for their capacity.
  std::vector<Attribute> storage;
  size_t count = 0;
  std::string raw;  // the object's lines as read (at most kMaxRaw bytes), for dead letters
  static constexpr size_t kMaxRaw = 1 << 20;  // whole, as far as a line may go

  std::span<const Attribute> attributes() const { return {storage.data(), count}; }
  std::string_view cls() const {
    return count == 0 ? std::string_view() : std::string_view(storage[0].first);
  }
  std::string_view key() const {
    return count == 0 ? std::string_view() : std::string_view(storage[0].second);
  }
  // The first value of `name`, "" if absent.
  std::string_view Get(std::string_view name) const;
};

struct RpslError {
  uint64_t line = 0;
  std::string reason;
  std::string raw;  // the malformed object's lines (at most RpslObject::kMaxRaw bytes)
};

class RpslParser {
 public:
  using ObjectFn = std::function<void(const RpslObject&)>;
  using ErrorFn = std::function<void(const RpslError&)>;

  RpslParser(ObjectFn on_object, ErrorFn on_error)
      : on_object_(std::move(on_object)), on_error_(std::move(on_error)) {}

  // Feeds the next chunk; `last` ends the input (a final object without a blank line after it
  // is still emitted).
  void Feed(std::string_view chunk, bool last);
  uint64_t lines() const { return line_; }

  // Bounds on hostile input: a longer line is cut here (its object is malformed) and the
  // rest of it skipped unbuffered; an object with more attributes, or more value bytes, is
  // malformed and its remaining lines are not kept.
  static constexpr size_t kMaxLineBytes = 1 << 20;
  static constexpr size_t kMaxAttributes = 10000;
  static constexpr size_t kMaxObjectBytes = 4 << 20;

 private:
  void LongLine();
  void Line(std::string_view line);
  void EndObject();

  ObjectFn on_object_;
  ErrorFn on_error_;
  std::string carry_;  // a line split across chunks
  bool skipping_line_ = false;  // inside a line longer than kMaxLineBytes
  size_t object_bytes_ = 0;     // bytes of the current object's lines
  uint64_t line_ = 0;
  RpslObject object_;
  bool in_object_ = false;
  bool broken_ = false;
  RpslError error_;
};

}  // namespace belfry
