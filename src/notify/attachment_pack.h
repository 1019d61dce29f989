#pragma once
// Attachments above the size cap: packed into one ZIP archive (libarchive, deflate), or,
// for CSV, split into numbered parts that each repeat the header line.

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "mail/outbound_mail.h"

namespace belfry {

Result<std::string> ZipFiles(const std::vector<OutgoingAttachment>& files, int64_t mtime);

// `mode`: "zip" or "split". Leaves attachments under `cap` bytes (in total) alone.
Result<std::vector<OutgoingAttachment>> PackAttachments(std::vector<OutgoingAttachment> files,
                                                        int64_t cap, const std::string& mode,
                                                        const std::string& zip_name,
                                                        int64_t mtime);

}  // namespace belfry
