#include "store/event_block.h"

#include <fmt/format.h>
#include <zstd.h>

#include "core/varint.h"

namespace belfry {
namespace {

// A negative ("fast") level: on this data it compresses ~2x faster than level 1 for a
// slightly larger result; ingest is CPU-bound once bytes are compressed at all.
constexpr int kLevel = -3;

}  // namespace

BlockEncoder::BlockEncoder() : cctx_(ZSTD_createCCtx()) {}
BlockEncoder::~BlockEncoder() { ZSTD_freeCCtx(static_cast<ZSTD_CCtx*>(cctx_)); }

void BlockEncoder::Add(std::string_view body, std::string_view raw) {
  PutVarint(body.size(), &plain_);
  plain_.append(body);
  PutVarint(raw.size(), &plain_);
  plain_.append(raw);
  ++count_;
}

void BlockEncoder::Finish(std::string* out) {
  out->resize(ZSTD_compressBound(plain_.size()));
  size_t n = ZSTD_compressCCtx(static_cast<ZSTD_CCtx*>(cctx_), out->data(), out->size(),
                               plain_.data(), plain_.size(), kLevel);
  if (ZSTD_isError(n)) {
    // Cannot happen with a bound-sized buffer; store uncompressed data as a frame anyway.
    n = ZSTD_compress(out->data(), out->size(), plain_.data(), plain_.size(), 0);
  }
  out->resize(n);
  plain_.clear();
  count_ = 0;
}

Status DecodeBlock(std::string_view data, std::string* storage, std::vector<BlockEntry>* entries) {
  unsigned long long size = ZSTD_getFrameContentSize(data.data(), data.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (1ULL << 31))
    return Fail(Error::Corruption("event block: not a zstd frame"));
  storage->resize(size);
  size_t n = ZSTD_decompress(storage->data(), storage->size(), data.data(), data.size());
  if (ZSTD_isError(n) || n != size)
    return Fail(Error::Corruption(fmt::format("event block: {}", ZSTD_getErrorName(n))));
  entries->clear();
  std::string_view in(*storage);
  while (!in.empty()) {
    uint64_t len;
    BlockEntry e;
    if (!GetVarint(&in, &len) || len > in.size())
      return Fail(Error::Corruption("event block: bad length"));
    e.body = in.substr(0, len);
    in.remove_prefix(len);
    if (!GetVarint(&in, &len) || len > in.size())
      return Fail(Error::Corruption("event block: bad length"));
    e.raw = in.substr(0, len);
    in.remove_prefix(len);
    entries->push_back(e);
  }
  return Ok();
}

}  // namespace belfry
