#pragma once
// Event bodies and raw records travel to storage in compressed blocks: up to
// kEventsPerBlock consecutive events of one report, as one zstd frame of
//   (varint body_len, body, varint raw_len, raw) * count.
// Ingest is bound by the bytes it writes (twice, with a WAL); JSON bodies of one report
// share most of their text, so a block shrinks them several times over.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace belfry {

inline constexpr size_t kEventsPerBlock = 128;

class BlockEncoder {
 public:
  BlockEncoder();
  ~BlockEncoder();
  BlockEncoder(const BlockEncoder&) = delete;
  BlockEncoder& operator=(const BlockEncoder&) = delete;

  void Add(std::string_view body, std::string_view raw);
  size_t count() const { return count_; }
  // Compresses what was added into `out` and starts a new block.
  void Finish(std::string* out);

 private:
  void* cctx_;
  std::string plain_;
  size_t count_ = 0;
};

struct BlockEntry {
  std::string_view body;
  std::string_view raw;
};

// Decodes a block; the entries point into `*storage`.
Status DecodeBlock(std::string_view data, std::string* storage, std::vector<BlockEntry>* entries);

}  // namespace belfry
