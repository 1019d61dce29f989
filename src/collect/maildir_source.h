#pragma once
// A Maildir (the mailbox an MTA or fetchmail delivers report mails into): every mail in new/
// and cur/ is read; mails handled go to the Maildir++ folder .<done_folder>, mails that
// could not be to .<failed_folder>, both created when missing. Nothing is deleted.

#include "collect/source.h"
#include "collect/source_registry.h"

namespace belfry {

class MaildirSource final : public Source {
 public:
  // How a feed names this kind of source (collect/source_registry.h).
  static SourceKind Kind();
  Status Collect(SourceContext& ctx, const DeliveryHandler& handle) override;
};

}  // namespace belfry
