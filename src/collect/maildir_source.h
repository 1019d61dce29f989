#pragma once
// A Maildir (the mailbox an MTA or fetchmail delivers report mails into): every mail in new/
// and cur/ is read; mails handled go to the Maildir++ folder .<done_folder>, mails that
// could not be to .<failed_folder>, both created when missing. Nothing is deleted.

#include "collect/source.h"

namespace belfry {

class MaildirSource final : public Source {
 public:
  Status Collect(SourceContext& ctx, const DeliveryHandler& handle) override;
};

}  // namespace belfry
