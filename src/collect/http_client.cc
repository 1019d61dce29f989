#include "collect/http_client.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <memory>
#include <mutex>

#include "core/text.h"

namespace belfry {
namespace {

// Errors carry this marker when a retry may help; IsTransient looks for it.
constexpr std::string_view kTransientTag = " (temporary)";

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  const std::function<Status(std::string_view)>* sink;
  Status sink_status = Ok();
  HttpResponse response;
};

size_t OnBody(char* p, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  t->sink_status = (*t->sink)(std::string_view(p, size * n));
  return t->sink_status ? size * n : 0;
}

// "filename=" of Content-Disposition, quoted or not.
std::string DispositionFileName(std::string_view v) {
  size_t p = v.find("filename=");
  if (p == std::string_view::npos) return "";
  v = v.substr(p + 9);
  if (!v.empty() && v[0] == '"') {
    v = v.substr(1);
    size_t q = v.find('"');
    return std::string(v.substr(0, q));
  }
  size_t end = v.find(';');
  return std::string(TrimAscii(v.substr(0, end)));
}

size_t OnHeader(char* p, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(p, size * n);
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    // A new status line (after a redirect or a 100): forget the previous response's headers.
    if (line.rfind("HTTP/", 0) == 0) t->response = HttpResponse{};
    return size * n;
  }
  std::string name(line.substr(0, colon));
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string value(TrimAscii(line.substr(colon + 1)));
  if (name == "etag") t->response.etag = value;
  if (name == "last-modified") t->response.last_modified = value;
  if (name == "content-type") t->response.content_type = value;
  if (name == "content-disposition") t->response.file_name = DispositionFileName(value);
  return size * n;
}

bool TransientCurlCode(CURLcode c) {
  switch (c) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_SSL_CONNECT_ERROR:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool IsTransient(const Error& e) { return e.message().find(kTransientTag) != std::string::npos; }

Result<HttpResponse> HttpFetch(const HttpRequest& req,
                               const std::function<Status(std::string_view)>& sink) {
  GlobalInit();
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return Fail(Error::Internal("curl_easy_init failed"));
  CURL* h = curl.get();
  Transfer t{&sink, Ok(), {}};
  char errbuf[CURL_ERROR_SIZE] = {0};
  SetTransportOptions(h, req.timeout_seconds, req.verify_tls, req.ca_file, errbuf);
  curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // gzip/deflate transfer, decoded by curl
  curl_easy_setopt(h, CURLOPT_USERAGENT, req.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
  struct curl_slist* headers = nullptr;
  for (const auto& hd : req.headers) headers = curl_slist_append(headers, hd.c_str());
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> header_guard(headers, curl_slist_free_all);
  if (headers) curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  if (req.method == "POST") {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
  }
  CURLcode rc = curl_easy_perform(h);
  if (rc == CURLE_WRITE_ERROR && !t.sink_status) return Fail(t.sink_status.error());
  std::string where = RedactUrl(req.url);
  if (rc != CURLE_OK) {
    std::string msg = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    return Fail(Error::Unavailable(
        fmt::format("{}: {}{}", where, msg, TransientCurlCode(rc) ? kTransientTag : "")));
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &t.response.status);
  return t.response;
}

std::string RedactUrl(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  size_t host = scheme + 3;
  size_t end = url.find_first_of("/?#", host);
  size_t at = url.rfind('@', end == std::string::npos ? url.size() : end);
  if (at == std::string::npos || at < host) return url;
  return url.substr(0, host) + url.substr(at + 1);
}

void SetTransportOptions(void* curl, int64_t timeout_seconds, bool verify_tls,
                         const std::string& ca_file, char* errbuf) {
  CURL* h = static_cast<CURL*>(curl);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(timeout_seconds));
  // A download may take long; a server that stops sending is what times out.
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(timeout_seconds));
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, verify_tls ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, verify_tls ? 2L : 0L);
  if (!ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, ca_file.c_str());
}

Error TransferError(const std::string& where, int curl_code, const char* errbuf) {
  CURLcode rc = static_cast<CURLcode>(curl_code);
  std::string msg = errbuf && errbuf[0] ? errbuf : curl_easy_strerror(rc);
  return Error::Unavailable(
      fmt::format("{}: {}{}", where, msg, TransientCurlCode(rc) ? kTransientTag : ""));
}

// Statuses are turned into errors by callers; this one helps them say it the same way.
Error HttpStatusError(const std::string& url, long status) {
  bool transient = status >= 500 || status == 429 || status == 408;
  return Error::Unavailable(
      fmt::format("{}: HTTP {}{}", RedactUrl(url), status, transient ? kTransientTag : ""));
}

}  // namespace belfry
