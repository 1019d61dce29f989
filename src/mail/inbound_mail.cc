#include "mail/inbound_mail.h"

#include <fmt/format.h>
#include <gmime/gmime.h>
#include <simdjson.h>

#include <memory>

#include "core/text.h"
#include "mail/gmime_util.h"

namespace belfry {
namespace {

using gmime::Decoded;
template <class T>
using GPtr = gmime::Ptr<T>;

struct GFree {
  void operator()(char* p) const { g_free(p); }
};
using GString = std::unique_ptr<char, GFree>;

constexpr int kMaxDepth = 32;           // nested multiparts and forwarded messages
constexpr size_t kMaxParts = 1000;      // parts looked at in one message

std::string MimeType(GMimeObject* o) {
  GMimeContentType* ct = g_mime_object_get_content_type(o);
  if (!ct) return "application/octet-stream";
  GString s(g_mime_content_type_get_mime_type(ct));
  return s ? AsciiLowerCopy(s.get()) : "application/octet-stream";
}

// Text of a text part in UTF-8, whatever its charset; invalid bytes become U+FFFD.
std::string Utf8Text(GMimeObject* o) {
  if (GMIME_IS_TEXT_PART(o)) {
    GString s(g_mime_text_part_get_text(GMIME_TEXT_PART(o)));
    if (s) {
      std::string text(s.get());
      if (IsValidUtf8(text)) return text;
    }
  }
  std::string raw = Decoded(GMIME_PART(o));
  if (IsValidUtf8(raw)) return raw;
  // Latin-1 as the last resort: every byte maps to a character.
  std::string out;
  for (unsigned char c : raw) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

std::string HtmlToText(std::string_view html) {
  std::string out;
  bool in_tag = false;
  for (size_t i = 0; i < html.size(); ++i) {
    char c = html[i];
    if (c == '<') {
      in_tag = true;
      std::string_view rest = html.substr(i + 1, 4);
      if (StartsWithIgnoreCase(rest, "br") || StartsWithIgnoreCase(rest, "p") ||
          StartsWithIgnoreCase(rest, "/p") || StartsWithIgnoreCase(rest, "div") ||
          StartsWithIgnoreCase(rest, "tr"))
        out.push_back('\n');
    } else if (c == '>') {
      in_tag = false;
    } else if (!in_tag) {
      if (c == '&') {
        static constexpr std::pair<std::string_view, char> kEnt[] = {
            {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&nbsp;", ' '},
            {"&#39;", '\''}};
        bool done = false;
        for (auto [e, ch] : kEnt) {
          if (html.substr(i, e.size()) == e) {
            out.push_back(ch);
            i += e.size() - 1;
            done = true;
            break;
          }
        }
        if (done) continue;
      }
      out.push_back(c);
    }
  }
  return out;
}

// "Key: value" lines (ARF's message/feedback-report, X-ARF 0.2's YAML report).
std::vector<std::pair<std::string, std::string>> KeyValues(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;
    std::string key = AsciiLowerCopy(TrimAscii(line.substr(0, colon)));
    std::string_view value = TrimAscii(line.substr(colon + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    out.emplace_back(std::move(key), std::string(value));
  }
  return out;
}

std::string Field(const std::vector<std::pair<std::string, std::string>>& kv,
                  std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys)
    for (const auto& [key, value] : kv)
      if (key == k && !value.empty()) return value;
  return "";
}

void ParseArf(std::string_view text, InboundMail* mail) {
  auto kv = KeyValues(text);
  AbuseReport r;
  r.format = "arf";
  r.type = AsciiLowerCopy(Field(kv, {"feedback-type"}));
  r.source_ip = Field(kv, {"source-ip"});
  r.time = Field(kv, {"arrival-date", "received-date"});
  r.url = Field(kv, {"reported-uri"});
  r.domain = Field(kv, {"reported-domain"});
  r.reporter = Field(kv, {"user-agent"});
  r.raw = std::string(text.substr(0, 64 * 1024));
  if (r.type.empty() && r.source_ip.empty()) return;
  mail->reports.push_back(std::move(r));
}

void ParseXarfYaml(std::string_view text, InboundMail* mail) {
  auto kv = KeyValues(text);
  std::string source = Field(kv, {"source"});
  std::string type = Field(kv, {"report-type"});
  if (source.empty() || type.empty()) return;
  AbuseReport r;
  r.format = "x-arf";
  r.type = AsciiLowerCopy(type);
  std::string source_type = AsciiLowerCopy(Field(kv, {"source-type"}));
  if (source_type == "uri" || source_type == "url")
    r.url = source;
  else
    r.source_ip = source;
  r.source_port = Field(kv, {"port", "source-port"});
  r.time = Field(kv, {"date"});
  r.reporter = Field(kv, {"reported-from"});
  r.raw = std::string(text.substr(0, 64 * 1024));
  mail->reports.push_back(std::move(r));
}

void ParseXarfJson(std::string_view text, InboundMail* mail) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  simdjson::dom::element doc;
  if (parser.parse(padded).get(doc) != simdjson::SUCCESS || !doc.is_object()) return;
  auto str = [&](const char* key) -> std::string {
    std::string_view v;
    if (doc[key].get_string().get(v) == simdjson::SUCCESS) return std::string(v);
    int64_t n;
    if (doc[key].get_int64().get(n) == simdjson::SUCCESS) return std::to_string(n);
    return "";
  };
  if (str("xarf_version").empty()) return;
  AbuseReport r;
  r.format = "xarf";
  r.type = str("type");
  std::string source = str("source_identifier");
  if (source.find("://") != std::string::npos)
    r.url = source;
  else
    r.source_ip = source;
  r.source_port = str("source_port");
  r.time = str("timestamp");
  std::string_view org;
  if (doc["reporter"]["org"].get_string().get(org) == simdjson::SUCCESS) r.reporter = org;
  if (r.url.empty()) r.url = str("url");
  r.raw = std::string(text.substr(0, 64 * 1024));
  mail->reports.push_back(std::move(r));
}

struct Walker {
  Walker(InboundMail* m, bool d, bool xarf = false) : mail(m), decrypt(d), xarf_headers(xarf) {}
  InboundMail* mail;
  bool decrypt;
  bool xarf_headers = false;
  size_t parts = 0;
  std::string html;
  int forwarded = 0;

  void Attach(std::string name, std::string type, std::string data) {
    if (type == "message/feedback-report") ParseArf(data, mail);
    if (type == "application/json" || name.ends_with(".json")) {
      if (data.find("xarf_version") != std::string::npos) ParseXarfJson(data, mail);
    }
    if (xarf_headers && (type == "text/plain" || name.ends_with(".yaml") || name == "report.txt") &&
        data.find("Report-Type") != std::string::npos)
      ParseXarfYaml(data, mail);
    mail->attachments.push_back({std::move(name), std::move(type), std::move(data)});
  }

  void Signature(GMimeSignatureList* list) {
    if (!list) return;
    // Verified only when every signature is valid; a missing key leaves it "signed".
    bool valid = g_mime_signature_list_length(list) > 0, bad = false;
    for (int i = 0; i < g_mime_signature_list_length(list); ++i) {
      GMimeSignature* sig = g_mime_signature_list_get_signature(list, i);
      GMimeSignatureStatus st = g_mime_signature_get_status(sig);
      if (st & GMIME_SIGNATURE_STATUS_RED) bad = true;
      // Cryptographically good and the key known (trust in the key is the analyst's call:
      // the signer's fingerprint is shown).
      constexpr int kNotVerified = GMIME_SIGNATURE_STATUS_KEY_MISSING |
                                   GMIME_SIGNATURE_STATUS_SYS_ERROR |
                                   GMIME_SIGNATURE_STATUS_KEY_REVOKED |
                                   GMIME_SIGNATURE_STATUS_SIG_EXPIRED;
      if (st & kNotVerified) valid = false;
      GMimeCertificate* cert = g_mime_signature_get_certificate(sig);
      if (valid && cert && g_mime_certificate_get_fingerprint(cert) && mail->pgp_signer.empty())
        mail->pgp_signer = g_mime_certificate_get_fingerprint(cert);
    }
    if (!valid) mail->pgp_signer.clear();
    std::string state = bad ? "bad-signature" : valid ? "verified" : "signed";
    if (mail->pgp != "decrypted" || bad) mail->pgp = state;
  }

  void Walk(GMimeObject* o, int depth) {
    if (!o || depth > kMaxDepth || ++parts > kMaxParts) return;
    if (GMIME_IS_MULTIPART_ENCRYPTED(o)) {
      if (decrypt) {
        GError* err = nullptr;
        GMimeDecryptResult* result = nullptr;
        GMimeObject* plain = g_mime_multipart_encrypted_decrypt(
            GMIME_MULTIPART_ENCRYPTED(o), GMIME_DECRYPT_NONE, nullptr, &result, &err);
        if (err) g_error_free(err);
        if (plain) {
          mail->pgp = "decrypted";
          if (result) {
            Signature(g_mime_decrypt_result_get_signatures(result));
            g_object_unref(result);
          }
          Walk(plain, depth + 1);
          g_object_unref(plain);
          return;
        }
        if (result) g_object_unref(result);
      }
      mail->pgp = "encrypted";
      GMimeObject* payload =
          g_mime_multipart_get_part(GMIME_MULTIPART(o), GMIME_MULTIPART_ENCRYPTED_CONTENT);
      if (payload && GMIME_IS_PART(payload))
        Attach("encrypted.asc", "application/octet-stream", Decoded(GMIME_PART(payload)));
      return;
    }
    if (GMIME_IS_MULTIPART_SIGNED(o)) {
      if (decrypt) {
        GError* err = nullptr;
        GMimeSignatureList* sigs =
            g_mime_multipart_signed_verify(GMIME_MULTIPART_SIGNED(o), GMIME_VERIFY_NONE, &err);
        if (err) g_error_free(err);
        if (sigs) {
          Signature(sigs);
          g_object_unref(sigs);
        } else if (mail->pgp == "none") {
          mail->pgp = "signed";
        }
      } else if (mail->pgp == "none") {
        mail->pgp = "signed";
      }
      Walk(g_mime_multipart_get_part(GMIME_MULTIPART(o), GMIME_MULTIPART_SIGNED_CONTENT),
           depth + 1);
      return;
    }
    if (GMIME_IS_MULTIPART(o)) {
      GMimeMultipart* mp = GMIME_MULTIPART(o);
      int n = g_mime_multipart_get_count(mp);
      for (int i = 0; i < n; ++i) Walk(g_mime_multipart_get_part(mp, i), depth + 1);
      return;
    }
    if (GMIME_IS_MESSAGE_PART(o)) {
      // A forwarded mail: its text is evidence too (kept as an attachment), and its parts.
      GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
      if (!inner) return;
      Walker sub(mail, decrypt, xarf_headers);
      std::string saved_text = std::move(mail->text);
      mail->text.clear();
      sub.parts = parts;
      sub.Walk(g_mime_message_get_mime_part(inner), depth + 1);
      parts = sub.parts;
      std::string inner_text = std::move(mail->text);
      if (inner_text.empty() && !sub.html.empty()) inner_text = HtmlToText(sub.html);
      mail->text = std::move(saved_text);
      std::string header;
      if (const char* s = g_mime_message_get_subject(inner)) header = fmt::format("Subject: {}\n", s);
      if (!inner_text.empty())
        mail->attachments.push_back({fmt::format("forwarded-{}.txt", ++forwarded), "text/plain",
                                     header + "\n" + inner_text});
      return;
    }
    if (!GMIME_IS_PART(o)) return;
    GMimePart* part = GMIME_PART(o);
    std::string type = MimeType(o);
    const char* filename = g_mime_part_get_filename(part);
    const char* disposition = g_mime_object_get_disposition(o);
    bool attachment = (filename && *filename) ||
                      (disposition && EqualsIgnoreCase(disposition, "attachment"));
    if (type == "message/feedback-report") {
      Attach(filename ? filename : "feedback-report.txt", type, Decoded(part));
      return;
    }
    if (!attachment && type == "text/plain") {
      if (!mail->text.empty()) mail->text += "\n";
      std::string text = Utf8Text(o);
      if (xarf_headers && text.find("Report-Type") != std::string::npos &&
          text.find("Source:") != std::string::npos)
        ParseXarfYaml(text, mail);
      mail->text += text;
      return;
    }
    if (!attachment && type == "text/html") {
      html += Utf8Text(o);
      return;
    }
    std::string name = filename && *filename ? filename : fmt::format("part-{}", parts);
    std::string data = type.starts_with("text/") ? Utf8Text(o) : Decoded(part);
    Attach(std::move(name), std::move(type), std::move(data));
  }
};

std::string Header(GMimeObject* o, const char* name) {
  const char* v = g_mime_object_get_header(o, name);
  return v ? std::string(TrimAscii(v)) : std::string();
}

std::string StripAngles(std::string_view s) {
  s = TrimAscii(s);
  if (!s.empty() && s.front() == '<') s.remove_prefix(1);
  if (!s.empty() && s.back() == '>') s.remove_suffix(1);
  return std::string(s);
}

std::vector<std::string> Addresses(InternetAddressList* list) {
  std::vector<std::string> out;
  if (!list) return out;
  int n = internet_address_list_length(list);
  for (int i = 0; i < n && i < 1000; ++i) {
    InternetAddress* ia = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
      const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
      if (addr && *addr) out.push_back(MailAddressOf(addr));
    } else if (INTERNET_ADDRESS_IS_GROUP(ia)) {
      auto members = Addresses(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)));
      out.insert(out.end(), members.begin(), members.end());
    }
  }
  return out;
}

}  // namespace

std::string MailAddressOf(std::string_view text) {
  std::string_view s = TrimAscii(text);
  size_t lt = s.rfind('<');
  if (lt != std::string_view::npos) {
    size_t gt = s.find('>', lt);
    s = s.substr(lt + 1, gt == std::string_view::npos ? std::string_view::npos : gt - lt - 1);
  }
  s = TrimAscii(s);
  size_t at = s.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == s.size()) return "";
  for (char c : s)
    if (static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>' || c == '"') return "";
  return std::string(s.substr(0, at)) + "@" + AsciiLowerCopy(s.substr(at + 1));
}

bool InboundMail::IsAutomatic() const {
  if (!auto_submitted.empty() && !EqualsIgnoreCase(auto_submitted, "no")) return true;
  if (EqualsIgnoreCase(precedence, "bulk") || EqualsIgnoreCase(precedence, "junk") ||
      EqualsIgnoreCase(precedence, "list"))
    return true;
  return has_list_id || is_bounce;
}

Result<InboundMail> ParseInboundMail(std::string_view bytes, bool decrypt) {
  gmime::Init();
  if (bytes.empty()) return Fail(Error::InvalidInput("empty message"));
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
  if (!message) return Fail(Error::InvalidInput("not an RFC 5322 message (no headers found)"));
  GMimeObject* mo = GMIME_OBJECT(message.get());
  InboundMail mail;
  if (const char* id = g_mime_message_get_message_id(message.get())) mail.message_id = StripAngles(id);
  if (const char* s = g_mime_message_get_subject(message.get())) mail.subject = s;
  if (!IsValidUtf8(mail.subject)) mail.subject = "(subject in an unknown charset)";
  mail.in_reply_to = StripAngles(Header(mo, "In-Reply-To"));
  if (auto refs = Header(mo, "References"); !refs.empty()) {
    GMimeReferences* r = g_mime_references_parse(nullptr, refs.c_str());
    if (r) {
      for (int i = 0; i < g_mime_references_length(r) && i < 100; ++i)
        mail.references.push_back(g_mime_references_get_message_id(r, i));
      g_mime_references_free(r);
    }
  }
  if (InternetAddressList* from = g_mime_message_get_from(message.get())) {
    if (internet_address_list_length(from) > 0) {
      InternetAddress* ia = internet_address_list_get_address(from, 0);
      if (const char* name = internet_address_get_name(ia)) mail.from_name = name;
      auto addrs = Addresses(from);
      if (!addrs.empty()) mail.from = addrs.front();
    }
  }
  if (mail.from.empty()) {
    // No usable From: the envelope sender, as the MTA recorded it.
    mail.from = MailAddressOf(Header(mo, "Return-Path"));
  }
  mail.to = Addresses(g_mime_message_get_to(message.get()));
  mail.cc = Addresses(g_mime_message_get_cc(message.get()));
  mail.date = Header(mo, "Date");
  if (GDateTime* d = g_mime_message_get_date(message.get())) mail.date_unix = g_date_time_to_unix(d);
  mail.auto_submitted = Header(mo, "Auto-Submitted");
  mail.precedence = Header(mo, "Precedence");
  mail.has_list_id = !Header(mo, "List-Id").empty();
  std::string ctype = MimeType(g_mime_message_get_mime_part(message.get()) ? g_mime_message_get_mime_part(message.get()) : mo);
  GMimeObject* top = g_mime_message_get_mime_part(message.get());
  if (top) {
    GMimeContentType* ct = g_mime_object_get_content_type(top);
    const char* rt = ct ? g_mime_content_type_get_parameter(ct, "report-type") : nullptr;
    if (ctype == "multipart/report" && rt && EqualsIgnoreCase(rt, "delivery-status"))
      mail.is_bounce = true;
  }
  if (StartsWithIgnoreCase(mail.from, "mailer-daemon@") || StartsWithIgnoreCase(mail.from, "postmaster@"))
    mail.is_bounce = true;
  Walker w(&mail, decrypt);
  w.xarf_headers = !Header(mo, "X-XARF").empty() || !Header(mo, "X-ARF").empty();
  w.Walk(top, 0);
  if (mail.text.empty() && !w.html.empty()) mail.text = HtmlToText(w.html);
  return mail;
}

}  // namespace belfry
