#include "mail/mail_transport.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <mutex>

namespace belfry {
namespace {

namespace fs = std::filesystem;

struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t ReadChunk(char* buf, size_t size, size_t n, void* user) {
  auto* u = static_cast<Upload*>(user);
  size_t room = size * n;
  size_t left = u->data->size() - u->offset;
  size_t take = std::min(room, left);
  std::memcpy(buf, u->data->data() + u->offset, take);
  u->offset += take;
  return take;
}

class SmtpTransport final : public MailTransport {
 public:
  explicit SmtpTransport(SmtpSettings s) : s_(std::move(s)) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    curl_ = curl_easy_init();
  }
  ~SmtpTransport() override {
    if (curl_) curl_easy_cleanup(curl_);
  }

  DeliveryResult Send(const std::string& sender, const std::string& recipient,
                      const std::string& raw, const std::string& key) override {
    if (!curl_) return {DeliveryOutcome::kTemporary, "libcurl not initialised"};
    // The same handle each time: libcurl keeps the connection for the next recipient.
    CURL* c = curl_;
    curl_easy_setopt(c, CURLOPT_URL, s_.url.c_str());
    if (!s_.user.empty()) {
      curl_easy_setopt(c, CURLOPT_USERNAME, s_.user.c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, s_.password.c_str());
    }
    if (s_.starttls == "required")
      curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    else if (s_.starttls == "auto")
      curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    else
      curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_NONE));
    if (!s_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, s_.ca_file.c_str());
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, s_.verify_tls ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, s_.verify_tls ? 2L : 0L);
    std::string from = fmt::format("<{}>", sender);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
    curl_slist* rcpt = curl_slist_append(nullptr, fmt::format("<{}>", recipient).c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    Upload up{&raw};
    curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadChunk);
    curl_easy_setopt(c, CURLOPT_READDATA, &up);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(raw.size()));
    curl_easy_setopt(c, CURLOPT_CRLF, 1L);  // our mails are LF; SMTP speaks CRLF
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 20L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, s_.timeout_seconds);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(rcpt);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    (void)key;
    if (rc == CURLE_OK) return {DeliveryOutcome::kSent, fmt::format("{} accepted", code ? code : 250)};
    std::string detail = fmt::format("{}{}{}", errbuf[0] ? errbuf : curl_easy_strerror(rc),
                                     code ? fmt::format(" (server said {})", code) : "", "");
    // A broken connection is not reused for the next recipient.
    curl_easy_cleanup(curl_);
    curl_ = curl_easy_init();
    if (code >= 500 && code < 600) return {DeliveryOutcome::kPermanent, detail};
    if (rc == CURLE_LOGIN_DENIED) return {DeliveryOutcome::kTemporary, detail + "; check the SMTP credentials"};
    return {DeliveryOutcome::kTemporary, detail};
  }

  std::optional<bool> Delivered(const std::string&) override { return std::nullopt; }

  std::string Describe() const override {
    // Never the password: only scheme, host and port.
    std::string u = s_.url;
    size_t at = u.find('@');
    size_t scheme = u.find("://");
    if (at != std::string::npos && scheme != std::string::npos)
      u = u.substr(0, scheme + 3) + u.substr(at + 1);
    return u;
  }

 private:
  SmtpSettings s_;
  CURL* curl_ = nullptr;
};

class MaildirTransport final : public MailTransport {
 public:
  explicit MaildirTransport(std::string dir) : dir_(std::move(dir)) {}

  DeliveryResult Send(const std::string&, const std::string& recipient, const std::string& raw,
                      const std::string& key) override {
    if (Delivered(key).value_or(false)) return {DeliveryOutcome::kSent, "already in the Maildir"};
    fs::path tmp = fs::path(dir_) / "tmp" / (key + ".tmp");
    fs::path dest = fs::path(dir_) / "new" / FileName(key);
    std::string body = fmt::format("Delivered-To: {}\n", recipient) + raw;
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0)
      return {DeliveryOutcome::kTemporary, fmt::format("{}: {}", tmp.string(), std::strerror(errno))};
    size_t off = 0;
    while (off < body.size()) {
      ssize_t n = ::write(fd, body.data() + off, body.size() - off);
      if (n < 0) {
        if (errno == EINTR) continue;
        std::string err = std::strerror(errno);
        ::close(fd);
        ::unlink(tmp.c_str());
        return {DeliveryOutcome::kTemporary, fmt::format("{}: {}", tmp.string(), err)};
      }
      off += static_cast<size_t>(n);
    }
    bool ok = ::fdatasync(fd) == 0;
    ::close(fd);
    if (!ok || ::rename(tmp.c_str(), dest.c_str()) != 0) {
      ::unlink(tmp.c_str());
      return {DeliveryOutcome::kTemporary, fmt::format("{}: {}", dest.string(), std::strerror(errno))};
    }
    return {DeliveryOutcome::kSent, fmt::format("delivered to {}", dest.string())};
  }

  std::optional<bool> Delivered(const std::string& key) override {
    std::error_code ec;
    if (fs::exists(fs::path(dir_) / "new" / FileName(key), ec)) return true;
    // A reader (mutt, a test) moves read mail to cur/ with flags after the name.
    for (const auto& e : fs::directory_iterator(fs::path(dir_) / "cur", ec)) {
      if (e.path().filename().string().starts_with(FileName(key))) return true;
    }
    return false;
  }

  std::string Describe() const override { return "Maildir " + dir_; }

 private:
  static std::string FileName(const std::string& key) { return key + ".belfry"; }
  std::string dir_;
};

}  // namespace

std::unique_ptr<MailTransport> NewSmtpTransport(const SmtpSettings& settings) {
  SmtpSettings s = settings;
  // user:password in the URL's userinfo, unless given apart.
  size_t scheme = s.url.find("://");
  size_t at = s.url.find('@');
  if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
    std::string userinfo = s.url.substr(scheme + 3, at - scheme - 3);
    size_t colon = userinfo.find(':');
    if (s.user.empty()) {
      char* u = curl_easy_unescape(nullptr, userinfo.substr(0, colon).c_str(), 0, nullptr);
      s.user = u ? u : "";
      curl_free(u);
      if (colon != std::string::npos && s.password.empty()) {
        char* p = curl_easy_unescape(nullptr, userinfo.substr(colon + 1).c_str(), 0, nullptr);
        s.password = p ? p : "";
        curl_free(p);
      }
    }
    s.url = s.url.substr(0, scheme + 3) + s.url.substr(at + 1);
  }
  return std::make_unique<SmtpTransport>(std::move(s));
}

Result<std::unique_ptr<MailTransport>> NewMaildirTransport(const std::string& dir) {
  std::error_code ec;
  for (const char* sub : {"tmp", "new", "cur"}) {
    fs::create_directories(fs::path(dir) / sub, ec);
    if (ec)
      return Fail(Error::Io(fmt::format("cannot create the outbox Maildir {}: {}", dir, ec.message())));
  }
  return std::unique_ptr<MailTransport>(std::make_unique<MaildirTransport>(dir));
}

}  // namespace belfry
