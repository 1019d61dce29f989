#pragma once
// An IMAP mailbox (imaps://host[:port][/FOLDER]), through libcurl: every mail in the folder
// is fetched by UID; mails handled are moved (UID MOVE) to done_folder, mails that could
// not be to failed_folder, both created when missing. Nothing is deleted. The password is
// `password` ("$NAME" for an environment variable), else $BELFRY_IMAP_PASSWORD.

#include "collect/source.h"
#include "collect/source_registry.h"

namespace belfry {

class ImapSource final : public Source {
 public:
  // How a feed names this kind of source (collect/source_registry.h).
  static SourceKind Kind();
  Status Collect(SourceContext& ctx, const DeliveryHandler& handle) override;
};

// The UIDs of an untagged "* SEARCH 1 2 3" answer.
std::vector<uint64_t> ParseSearchUids(std::string_view answer);

}  // namespace belfry
