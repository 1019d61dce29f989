#include "collect/imap_source.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <memory>

#include "collect/feed_config.h"
#include "collect/http_client.h"
#include "collect/mail_delivery.h"
#include "collect/mail_message.h"
#include "collect/retry.h"
#include "core/text.h"

namespace belfry {
namespace {

size_t Append(char* p, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  out->append(p, size * n);
  return size * n;
}

// A mailbox name as an IMAP quoted string.
std::string Quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

// One connection, reused by every command of a run (libcurl keeps it open per handle).
class ImapSession {
 public:
  ImapSession(const SourceContext& ctx, std::string base, std::string user, std::string password)
      : ctx_(ctx),
        base_(std::move(base)),
        user_(std::move(user)),
        password_(std::move(password)),
        h_(curl_easy_init(), curl_easy_cleanup) {}

  // `path` after the base URL ("INBOX", "INBOX/;UID=7"); `command` a custom command or "".
  Result<std::string> Do(const std::string& path, const std::string& command, uint64_t limit) {
    CURL* h = h_.get();
    if (!h) return Fail(Error::Internal("curl_easy_init failed"));
    curl_easy_reset(h);
    std::string out;
    char errbuf[CURL_ERROR_SIZE] = {0};
    std::string url = base_ + path;
    const SourceConfig& s = ctx_.feed.source;
    SetTransportOptions(h, s.timeout_seconds, s.verify_tls, s.ca_file, errbuf);
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "imap,imaps");
    curl_easy_setopt(h, CURLOPT_USERNAME, user_.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, password_.c_str());
    // imap:// URLs still get STARTTLS when the server offers it.
    curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limit));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, Append);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
    if (!command.empty()) curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, command.c_str());
    CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) return Fail(TransferError(RedactUrl(base_) + path, rc, errbuf));
    return out;
  }

 private:
  const SourceContext& ctx_;
  std::string base_, user_, password_;
  std::unique_ptr<CURL, void (*)(CURL*)> h_;
};

// Path segments of an IMAP URL are URL-encoded mailbox names.
std::string Escape(const std::string& s) {
  char* e = curl_easy_escape(nullptr, s.c_str(), static_cast<int>(s.size()));
  std::string out = e ? e : s;
  curl_free(e);
  return out;
}

}  // namespace

std::vector<uint64_t> ParseSearchUids(std::string_view answer) {
  std::vector<uint64_t> uids;
  size_t p = answer.find("* SEARCH");
  if (p == std::string_view::npos) return uids;
  std::string_view rest = answer.substr(p + 8);
  rest = rest.substr(0, rest.find_first_of("\r\n"));
  size_t i = 0;
  while (i < rest.size()) {
    while (i < rest.size() && rest[i] == ' ') ++i;
    size_t j = i;
    while (j < rest.size() && rest[j] >= '0' && rest[j] <= '9') ++j;
    if (j == i) break;
    if (auto v = ParseInt64(rest.substr(i, j - i))) uids.push_back(static_cast<uint64_t>(*v));
    i = j;
  }
  return uids;
}

Status ImapSource::Collect(SourceContext& ctx, const DeliveryHandler& handle) {
  const SourceConfig& s = ctx.feed.source;
  // imaps://[user@]host[:port][/FOLDER]
  std::string url = s.location;
  size_t host_at = url.find("://") + 3;
  size_t path_at = url.find('/', host_at);
  std::string authority =
      url.substr(host_at, path_at == std::string::npos ? std::string::npos : path_at - host_at);
  std::string folder = s.folder;
  if (path_at != std::string::npos && path_at + 1 < url.size()) {
    char* f = curl_easy_unescape(nullptr, url.c_str() + path_at + 1, 0, nullptr);
    folder = f ? f : folder;
    curl_free(f);
  }
  std::string user = s.username;
  if (size_t at = authority.rfind('@'); at != std::string::npos) {
    if (user.empty()) user = authority.substr(0, authority.find_first_of(":@"));
    authority = authority.substr(at + 1);
  }
  if (user.empty())
    return Fail(Error::InvalidConfig(
        fmt::format("feeds.{}.username is not set (or give it in the URL: imaps://user@host/)",
                    ctx.feed.name)));
  auto password = ResolveSecret(s.password, fmt::format("feeds.{}.password", ctx.feed.name),
                                "BELFRY_IMAP_PASSWORD");
  if (!password) return Fail(password.error());
  std::string base = url.substr(0, host_at) + authority + "/";
  ImapSession imap(ctx, base, user, *password);
  const std::string box = Escape(folder);
  // UNDELETED: mails already copied away by the fallback below wait for their expunge.
  auto search = WithRetries(ctx, [&] { return imap.Do(box, "UID SEARCH UNDELETED", 1 << 20); });
  if (!search) return Fail(search.error());
  std::vector<uint64_t> uids = ParseSearchUids(*search);
  if (uids.empty()) return Ok();
  // Folders for settled mails; an error here means they exist already.
  for (const auto& f : {s.done_folder, s.failed_folder})
    (void)imap.Do("", "CREATE " + Quoted(f), 1 << 16);
  for (uint64_t uid : uids) {
    if (ctx.stopping()) break;
    if (!s.subject_pattern.empty()) {
      // Only the header first: mails for other readers of the mailbox are not downloaded.
      auto header = WithRetries(ctx, [&] {
        return imap.Do(fmt::format("{}/;UID={}/;SECTION=HEADER", box, uid), "", 1 << 20);
      });
      if (!header) return Fail(header.error());
      auto head = ParseMail(*header);
      if (head && !SubjectMatches(head->subject, s.subject_pattern)) continue;
    }
    auto bytes = WithRetries(ctx, [&] {
      return imap.Do(fmt::format("{}/;UID={}", box, uid), "", s.max_bytes + s.max_bytes / 2);
    });
    if (!bytes) return Fail(bytes.error());
    auto d = MailDelivery(ctx, *bytes, fmt::format("{} UID {}", folder, uid));
    if (!d) continue;
    Verdict v = handle(*d);
    if (v.outcome == Outcome::kKeep) continue;
    const std::string& to = v.outcome == Outcome::kDone ? s.done_folder : s.failed_folder;
    auto moved = imap.Do(box, fmt::format("UID MOVE {} {}", uid, Quoted(to)), 1 << 16);
    if (!moved) {
      // Servers without MOVE (RFC 6851): copy, then flag the original deleted and expunge.
      auto copied = imap.Do(box, fmt::format("UID COPY {} {}", uid, Quoted(to)), 1 << 16);
      if (!copied) return Fail(copied.error());
      auto flagged = imap.Do(box, fmt::format("UID STORE {} +FLAGS (\\Deleted)", uid), 1 << 16);
      if (!flagged) return Fail(flagged.error());
      (void)imap.Do(box, "EXPUNGE", 1 << 16);
    }
    if (v.outcome == Outcome::kFailed)
      spdlog::warn("feed {}: {} moved to {}: {}", ctx.feed.name, d->label, to, v.reason);
  }
  return Ok();
}

SourceKind ImapSource::Kind() {
  return SourceKind::Prefixed<ImapSource>("imap", {"imaps://", "imap://"}, true, "imaps://host/",
                                          "every 5m");
}

}  // namespace belfry
