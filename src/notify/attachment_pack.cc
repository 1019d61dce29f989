#include "notify/attachment_pack.h"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>

namespace belfry {

namespace {

la_ssize_t Append(struct archive*, void* out, const void* data, size_t n) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(data), n);
  return static_cast<la_ssize_t>(n);
}

// A CSV file cut at row boundaries into parts under `cap` bytes, each with the header.
std::vector<OutgoingAttachment> SplitCsv(const OutgoingAttachment& f, int64_t cap) {
  std::vector<OutgoingAttachment> out;
  size_t header_end = f.data.find('\n');
  if (header_end == std::string::npos) return {f};
  const std::string header = f.data.substr(0, header_end + 1);
  const std::string stem = f.name.size() > 4 ? f.name.substr(0, f.name.size() - 4) : f.name;
  std::string part = header;
  size_t pos = header_end + 1;
  auto flush = [&] {
    out.push_back({fmt::format("{}-part{}.csv", stem, out.size() + 1), f.content_type, part});
    part = header;
  };
  while (pos < f.data.size()) {
    size_t nl = f.data.find('\n', pos);
    size_t end = nl == std::string::npos ? f.data.size() : nl + 1;
    if (part.size() > header.size() &&
        static_cast<int64_t>(part.size() + (end - pos)) > cap)
      flush();
    part.append(f.data, pos, end - pos);
    pos = end;
  }
  if (part.size() > header.size()) flush();
  return out;
}

}  // namespace

Result<std::string> ZipFiles(const std::vector<OutgoingAttachment>& files, int64_t mtime) {
  std::string out;
  struct archive* a = archive_write_new();
  auto fail = [&](std::string_view what) {
    Error e = Error::Internal(fmt::format("zip: {}: {}", what, archive_error_string(a)
                                                                   ? archive_error_string(a)
                                                                   : "failed"));
    archive_write_free(a);
    return e;
  };
  if (archive_write_set_format_zip(a) != ARCHIVE_OK) return Fail(fail("format"));
  if (archive_write_open(a, &out, nullptr, Append, nullptr) != ARCHIVE_OK)
    return Fail(fail("open"));
  for (const auto& f : files) {
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, f.name.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(f.data.size()));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_mtime(e, mtime, 0);
    int rc = archive_write_header(a, e);
    archive_entry_free(e);
    if (rc != ARCHIVE_OK) return Fail(fail("header"));
    if (archive_write_data(a, f.data.data(), f.data.size()) < 0) return Fail(fail("data"));
  }
  if (archive_write_close(a) != ARCHIVE_OK) return Fail(fail("close"));
  archive_write_free(a);
  return out;
}

Result<std::vector<OutgoingAttachment>> PackAttachments(std::vector<OutgoingAttachment> files,
                                                        int64_t cap, const std::string& mode,
                                                        const std::string& zip_name,
                                                        int64_t mtime) {
  int64_t total = 0;
  for (const auto& f : files) total += static_cast<int64_t>(f.data.size());
  if (total <= cap) return files;
  if (mode == "split" && files.size() == 1 && files[0].name.ends_with(".csv"))
    return SplitCsv(files[0], cap);
  auto zip = ZipFiles(files, mtime);
  if (!zip) return Fail(zip.error());
  return std::vector<OutgoingAttachment>{{zip_name, "application/zip", std::move(*zip)}};
}

}  // namespace belfry
