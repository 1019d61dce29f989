#pragma once
// What every user of GMime here needs: one-time initialisation, owning pointers for GObjects,
// and a part's decoded bytes.

#include <gmime/gmime.h>

#include <memory>
#include <mutex>
#include <string>

namespace belfry::gmime {

inline void Init() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

template <class T>
struct Unref {
  void operator()(T* p) const {
    if (p) g_object_unref(p);
  }
};
template <class T>
using Ptr = std::unique_ptr<T, Unref<T>>;

// The part's content with its transfer encoding (base64, quoted-printable) undone.
inline std::string Decoded(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (!content) return "";
  Ptr<GMimeStream> out(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, out.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

}  // namespace belfry::gmime
