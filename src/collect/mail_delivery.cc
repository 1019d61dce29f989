#include "collect/mail_delivery.h"

#include <fmt/format.h>

#include "collect/mail_message.h"
#include "core/digest.h"

namespace belfry {

std::optional<Delivery> MailDelivery(SourceContext& ctx, std::string_view bytes,
                                     const std::string& where) {
  const SourceConfig& s = ctx.feed.source;
  Delivery d;
  auto mail = ParseMail(bytes);
  if (!mail) {
    d.label = where;
    d.error = mail.error().message();
    return d;
  }
  if (!SubjectMatches(mail->subject, s.subject_pattern)) return std::nullopt;
  // Mails without a Message-ID still need a stable identity.
  std::string id = mail->message_id.empty() ? "sha256:" + Sha256Hex(bytes) : mail->message_id;
  d.label = fmt::format("mail <{}> '{}'", id, mail->subject);
  d.source_id = id;
  for (const auto& a : mail->attachments) {
    if (!IsReportAttachment(a, s.attachment_pattern)) continue;
    if (a.data.size() > s.max_bytes) {
      d.error = fmt::format("attachment {} is larger than max_size", a.name);
      d.reports.clear();
      return d;
    }
    auto file = ctx.spool.Put(ctx.feed.name, a.name, a.data);
    if (!file) {
      d.error = file.error().message();
      return d;
    }
    auto files = UnpackReports(ctx.spool, ctx.feed.name, *file, s.max_bytes);
    if (!files) {
      d.error = fmt::format("attachment {}: {}", a.name, files.error().message());
      d.reports.clear();
      return d;
    }
    for (auto& f : *files) {
      std::string sid = fmt::format("{}/{}", id, f.name);
      d.reports.push_back(CollectedReport{std::move(sid), std::move(f)});
    }
  }
  if (d.reports.empty()) d.error = "no report attachment (csv, json, txt, gz or zip)";
  return d;
}

}  // namespace belfry
