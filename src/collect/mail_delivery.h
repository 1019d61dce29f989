#pragma once
// One report mail as a delivery: its report attachments spooled (archives opened), each with
// the source id "<Message-ID>/<attachment name>". Shared by the Maildir and IMAP sources.

#include <optional>
#include <string>
#include <string_view>

#include "collect/source.h"

namespace belfry {

// nullopt: the mail is not for this feed (its subject does not match); leave it alone.
std::optional<Delivery> MailDelivery(SourceContext& ctx, std::string_view bytes,
                                     const std::string& where);

}  // namespace belfry
