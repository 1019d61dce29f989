#include "collect/mail_message.h"

#include <gmime/gmime.h>

#include <memory>
#include <regex>

#include "mail/gmime_util.h"

namespace belfry {
namespace {

using gmime::Decoded;
template <class T>
using GPtr = gmime::Ptr<T>;

void Collect(GMimeObject* parent, GMimeObject* part, gpointer user) {
  (void)parent;
  auto* msg = static_cast<MailMessage*>(user);
  if (GMIME_IS_MESSAGE_PART(part)) {
    // A forwarded mail: its attachments count as well.
    GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));
    if (inner) g_mime_message_foreach(inner, Collect, user);
    return;
  }
  if (!GMIME_IS_PART(part)) return;
  const char* name = g_mime_part_get_filename(GMIME_PART(part));
  if (!name || !*name) return;
  MailAttachment a;
  a.name = name;
  GMimeContentType* ct = g_mime_object_get_content_type(part);
  if (ct) {
    char* mime = g_mime_content_type_get_mime_type(ct);
    if (mime) {
      a.content_type = mime;
      g_free(mime);
    }
  }
  a.data = Decoded(GMIME_PART(part));
  msg->attachments.push_back(std::move(a));
}

}  // namespace

Result<MailMessage> ParseMail(std::string_view bytes) {
  gmime::Init();
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
  if (!message) return Fail(Error::InvalidInput("not a mail message"));
  MailMessage out;
  if (const char* id = g_mime_message_get_message_id(message.get())) out.message_id = id;
  if (const char* subject = g_mime_message_get_subject(message.get())) out.subject = subject;
  if (InternetAddressList* from = g_mime_message_get_from(message.get())) {
    char* s = internet_address_list_to_string(from, nullptr, FALSE);
    if (s) {
      out.from = s;
      g_free(s);
    }
  }
  g_mime_message_foreach(message.get(), Collect, &out);
  return out;
}

bool IsReportAttachment(const MailAttachment& a, const std::string& pattern) {
  static const std::regex kDefault(R"(\.(csv|json|jsonl|txt|gz|zip)$)",
                                   std::regex::ECMAScript | std::regex::icase);
  if (pattern.empty()) return std::regex_search(a.name, kDefault);
  try {
    return std::regex_search(a.name,
                             std::regex(pattern, std::regex::ECMAScript | std::regex::icase));
  } catch (const std::regex_error&) {
    return false;  // checked when the configuration was read
  }
}

bool SubjectMatches(const std::string& subject, const std::string& pattern) {
  if (pattern.empty()) return true;
  try {
    return std::regex_search(subject,
                             std::regex(pattern, std::regex::ECMAScript | std::regex::icase));
  } catch (const std::regex_error&) {
    return false;
  }
}

}  // namespace belfry
