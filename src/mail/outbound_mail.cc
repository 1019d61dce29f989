#include "mail/outbound_mail.h"

#include <fmt/format.h>
#include <gmime/gmime.h>

#include <memory>

#include "mail/gmime_util.h"

namespace belfry {
namespace {

struct Unref {
  void operator()(void* p) const {
    if (p) g_object_unref(p);
  }
};

GMimePart* Attachment(const OutgoingAttachment& a) {
  std::string type = a.content_type.empty() ? "application/octet-stream" : a.content_type;
  size_t slash = type.find('/');
  std::string major = type.substr(0, slash), minor = slash == std::string::npos ? "octet-stream" : type.substr(slash + 1);
  GMimePart* part = g_mime_part_new_with_type(major.c_str(), minor.c_str());
  if (major == "text")
    g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset", "utf-8");
  g_mime_part_set_filename(part, a.name.c_str());
  GMimeStream* stream = g_mime_stream_mem_new_with_buffer(a.data.data(), a.data.size());
  GMimeDataWrapper* content = g_mime_data_wrapper_new_with_stream(stream, GMIME_CONTENT_ENCODING_DEFAULT);
  g_object_unref(stream);
  g_mime_part_set_content(part, content);
  g_object_unref(content);
  g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
  return part;
}

GMimeTextPart* TextPart(const char* subtype, const std::string& text) {
  GMimeTextPart* part = g_mime_text_part_new_with_subtype(subtype);
  // The UTF-8 bytes as they are: g_mime_text_part_set_text would convert the text to the
  // "best" charset (ISO-8859-1 for French) while we label it UTF-8.
  {
    gmime::Ptr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(text.data(), text.size()));
    gmime::Ptr<GMimeDataWrapper> wrapper(
        g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
    g_mime_part_set_content(GMIME_PART(part), wrapper.get());
  }
  g_mime_text_part_set_charset(part, "utf-8");
  g_mime_part_set_content_encoding(GMIME_PART(part), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  return part;
}

}  // namespace

std::string MailDomain(std::string_view address) {
  size_t at = address.rfind('@');
  return at == std::string_view::npos ? std::string("belfry.invalid")
                                      : std::string(address.substr(at + 1));
}

std::string NewMessageId(std::string_view from, int64_t ticket, std::string_view unique) {
  return fmt::format("belfry.{}.{}@{}", ticket, unique, MailDomain(from));
}

Result<std::string> ComposeMail(const OutgoingMail& m) {
  gmime::Init();
  if (m.to.empty() && m.cc.empty()) return Fail(Error::InvalidInput("a mail needs a recipient"));
  std::unique_ptr<GMimeMessage, Unref> msg(g_mime_message_new(TRUE));
  GMimeObject* mo = GMIME_OBJECT(msg.get());
  g_mime_message_add_mailbox(msg.get(), GMIME_ADDRESS_TYPE_FROM, m.from_name.c_str(), m.from.c_str());
  for (const auto& t : m.to) g_mime_message_add_mailbox(msg.get(), GMIME_ADDRESS_TYPE_TO, nullptr, t.c_str());
  for (const auto& c : m.cc) g_mime_message_add_mailbox(msg.get(), GMIME_ADDRESS_TYPE_CC, nullptr, c.c_str());
  g_mime_message_set_subject(msg.get(), m.subject.c_str(), "utf-8");
  g_mime_message_set_message_id(msg.get(), m.message_id.c_str());
  if (m.date) {
    GDateTime* d = g_date_time_new_from_unix_utc(m.date);
    g_mime_message_set_date(msg.get(), d);
    g_date_time_unref(d);
  }
  if (!m.in_reply_to.empty())
    g_mime_object_set_header(mo, "In-Reply-To", fmt::format("<{}>", m.in_reply_to).c_str(), nullptr);
  if (!m.references.empty()) {
    std::string refs;
    for (const auto& r : m.references) refs += fmt::format("{}<{}>", refs.empty() ? "" : " ", r);
    g_mime_object_set_header(mo, "References", refs.c_str(), nullptr);
  }
  if (m.automatic) g_mime_object_set_header(mo, "Auto-Submitted", "auto-generated", nullptr);
  for (const auto& [k, v] : m.headers) {
    g_mime_object_set_header(mo, k.c_str(), v.c_str(), "utf-8");
    // GMime encodes a long value it cannot fold (RFC 2047); a URL in List-Unsubscribe must stay
    // as it is (RFC 2369), so an ASCII value goes out raw.
    bool ascii = true;
    for (unsigned char c : v) ascii = ascii && c >= 0x20 && c < 0x7f;
    if (ascii) {
      GMimeHeader* h = g_mime_header_list_get_header(g_mime_object_get_header_list(mo), k.c_str());
      if (h) g_mime_header_set_raw_value(h, (" " + v + "\n").c_str());
    }
  }

  GMimeObject* body = GMIME_OBJECT(TextPart("plain", m.text));
  if (!m.html.empty()) {
    GMimeMultipart* alternative = g_mime_multipart_new_with_subtype("alternative");
    g_mime_multipart_add(alternative, body);  // the plainest first (RFC 2046 5.1.4)
    g_object_unref(body);
    GMimeTextPart* html = TextPart("html", m.html);
    g_mime_multipart_add(alternative, GMIME_OBJECT(html));
    g_object_unref(html);
    body = GMIME_OBJECT(alternative);
  }
  if (m.attachments.empty()) {
    g_mime_message_set_mime_part(msg.get(), body);
    g_object_unref(body);
  } else {
    GMimeMultipart* mixed = g_mime_multipart_new_with_subtype("mixed");
    g_mime_multipart_add(mixed, body);
    g_object_unref(body);
    for (const auto& a : m.attachments) {
      GMimePart* part = Attachment(a);
      g_mime_multipart_add(mixed, GMIME_OBJECT(part));
      g_object_unref(part);
    }
    g_mime_message_set_mime_part(msg.get(), GMIME_OBJECT(mixed));
    g_object_unref(mixed);
  }
  char* text = g_mime_object_to_string(mo, nullptr);
  if (!text) return Fail(Error::Internal("could not write the mail"));
  std::string out(text);
  g_free(text);
  return out;
}

}  // namespace belfry
