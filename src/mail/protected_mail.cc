#include "mail/protected_mail.h"

#include <fmt/format.h>

#include <random>

#include "core/text.h"

namespace belfry {

namespace {

std::string Boundary() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("=-belfry-{:016x}", rng());
}

bool IsContentHeader(std::string_view line) {
  return line.size() > 8 && AsciiLowerCopy(line.substr(0, 8)) == "content-";
}

}  // namespace

SplitMessage SplitTopEntity(std::string_view raw) {
  SplitMessage out;
  size_t end = raw.find("\n\n");
  std::string_view head = raw.substr(0, end == std::string_view::npos ? raw.size() : end + 1);
  std::string_view body = end == std::string_view::npos ? "" : raw.substr(end + 2);
  std::string content;
  bool in_content = false;
  while (!head.empty()) {
    size_t nl = head.find('\n');
    std::string_view line = head.substr(0, nl == std::string_view::npos ? head.size() : nl + 1);
    head.remove_prefix(line.size());
    if (!(line[0] == ' ' || line[0] == '\t')) in_content = IsContentHeader(line);
    (in_content ? content : out.headers) += line;
  }
  out.entity = content + "\n" + std::string(body);
  return out;
}

Result<std::string> ComposeProtectedMail(OutgoingMail mail, const MailProtection& p,
                                         OpenPgp* pgp) {
  const bool encrypt = !p.encrypt_to.empty();
  if ((!p.sign && !encrypt) || !pgp) return ComposeMail(mail);
  if (p.pgp_inline && !encrypt) {
    auto signed_text = pgp->ClearSign(mail.text);
    if (!signed_text) return Fail(signed_text.error());
    mail.text = std::move(*signed_text);
    const size_t n = mail.attachments.size();
    for (size_t i = 0; i < n; ++i) {
      auto sig = pgp->SignDetached(mail.attachments[i].data);
      if (!sig) return Fail(sig.error());
      mail.attachments.push_back(
          {mail.attachments[i].name + ".asc", "application/pgp-signature", sig->armored});
    }
    return ComposeMail(mail);
  }
  auto raw = ComposeMail(mail);
  if (!raw) return Fail(raw.error());
  SplitMessage parts = SplitTopEntity(*raw);
  std::string entity = std::move(parts.entity);
  // The signed entity ends with its own line break, and one more line break precedes the
  // boundary (which owns it, RFC 2046): what GMime, Thunderbird and gpg all take as the
  // signed bytes. It is signed in canonical form (CRLF); it travels with LF here and every
  // hop turns LF into CRLF (RFC 3156 §5).
  if (entity.empty() || entity.back() != '\n') entity.push_back('\n');
  const std::string canonical = ToCrlf(entity);
  const std::string boundary = Boundary();
  std::string out = parts.headers;
  if (encrypt) {
    auto sealed = pgp->Encrypt(canonical, p.encrypt_to);
    if (!sealed) return Fail(sealed.error());
    out += fmt::format(
        "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\";\n"
        " boundary=\"{0}\"\n\n"
        "This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156).\n"
        "--{0}\n"
        "Content-Type: application/pgp-encrypted\n"
        "Content-Description: PGP/MIME version identification\n\n"
        "Version: 1\n\n"
        "--{0}\n"
        "Content-Type: application/octet-stream; name=\"encrypted.asc\"\n"
        "Content-Description: OpenPGP encrypted message\n"
        "Content-Disposition: inline; filename=\"encrypted.asc\"\n\n"
        "{1}\n--{0}--\n",
        boundary, *sealed);
  } else {
    auto sig = pgp->SignDetached(canonical);
    if (!sig) return Fail(sig.error());
    out += fmt::format(
        "Content-Type: multipart/signed; micalg=\"{1}\";\n"
        " protocol=\"application/pgp-signature\"; boundary=\"{0}\"\n\n"
        "This is an OpenPGP/MIME signed message (RFC 4880 and 3156).\n"
        "--{0}\n"
        "{2}\n"
        "--{0}\n"
        "Content-Type: application/pgp-signature; name=\"signature.asc\"\n"
        "Content-Description: OpenPGP digital signature\n"
        "Content-Disposition: attachment; filename=\"signature.asc\"\n\n"
        "{3}\n--{0}--\n",
        boundary, sig->micalg, entity, sig->armored);
  }
  // The armor ends in a newline: no blank line before the closing boundary is needed, but
  // a doubled one does no harm; keep LF only.
  std::string lf;
  lf.reserve(out.size());
  for (size_t i = 0; i < out.size(); ++i)
    if (!(out[i] == '\r' && i + 1 < out.size() && out[i + 1] == '\n')) lf.push_back(out[i]);
  return lf;
}

}  // namespace belfry
