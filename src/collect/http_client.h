#pragma once
// HTTP(S) through libcurl: one request, the body streamed to a sink, the headers a collector
// needs (ETag, Last-Modified, the file name of Content-Disposition). TLS certificates are
// verified unless the feed says otherwise.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace belfry {

struct HttpRequest {
  std::string url;
  std::string method = "GET";        // GET or POST
  std::string body;                  // POST
  std::vector<std::string> headers;  // "Name: value"
  int64_t timeout_seconds = 60;      // to connect, and the longest silence while receiving
  bool verify_tls = true;
  std::string ca_file;
  std::string user_agent = "belfry";
};

struct HttpResponse {
  long status = 0;
  std::string etag, last_modified;
  std::string file_name;  // from Content-Disposition, if any
  std::string content_type;
};

// A failure worth another attempt: connection refused or reset, timeout, 5xx, 429.
bool IsTransient(const Error& e);

// Streams the body to `sink` (which may refuse more bytes by returning an error). Any status
// is returned as a response; errors are transport failures and the sink's own.
Result<HttpResponse> HttpFetch(const HttpRequest& request,
                               const std::function<Status(std::string_view)>& sink);

// What every libcurl transfer of a collector shares (`curl` is a CURL*): no signals, the
// connect timeout and the longest silence, TLS verification and an extra CA bundle, and
// `errbuf` (CURL_ERROR_SIZE bytes) for libcurl's message.
void SetTransportOptions(void* curl, int64_t timeout_seconds, bool verify_tls,
                         const std::string& ca_file, char* errbuf);
// A failed transfer (a CURLcode), marked transient when another attempt may help.
Error TransferError(const std::string& where, int curl_code, const char* errbuf);

// A URL without its user:password part, for messages and logs.
std::string RedactUrl(const std::string& url);

// The error for an unexpected status; 5xx, 408 and 429 are transient.
Error HttpStatusError(const std::string& url, long status);

}  // namespace belfry
