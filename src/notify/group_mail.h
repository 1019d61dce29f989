#pragma once
// The mail of one notification group: subject and body from the group's template in the
// recipient's languages (each language rendered with its own wording of the data note),
// and the events in the recipient's format, packed under the size cap.

#include <cstdint>
#include <string>

#include "core/result.h"
#include "mail/outbound_mail.h"
#include "notify/notify_config.h"
#include "notify/notify_plan.h"
#include "share/xarf_report.h"
#include "ticket/mail_templates.h"

namespace belfry {

struct GroupMailContext {
  const MailTemplates* templates = nullptr;
  const NotifyConfig* config = nullptr;
  std::string subject_tag;  // "BELFRY"
  XarfReporter reporter;
  int64_t now = 0;
};

// `ticket`: the Investigation the mail is filed on.
Result<OutgoingMail> BuildGroupMail(const NotifyGroup& group, int64_t ticket,
                                    const GroupMailContext& ctx);

// "nl", "fr" ... for a TLP label: what it allows, in that language.
std::string TlpNote(Tlp tlp, const std::string& lang);

}  // namespace belfry
