#pragma once
// What a handler sees of an HTTP request and what it answers, free of Boost.Beast so that
// routing and request parsing stay pure (and fuzzable): the server (http_server.h) converts.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/ip_address.h"

namespace belfry {

struct WebRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded, without the query
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // names lowercase
  std::string body;
  std::map<std::string, std::string> params;  // path parameters of the matched route
  bool tls = false;                 // came over HTTPS (to this server)
  std::optional<IpAddress> peer;    // the TCP peer
  std::optional<IpAddress> client;  // the visitor: peer, or X-Forwarded-For from a trusted proxy

  // A header by lowercase name ("" when absent).
  std::string Header(std::string_view name) const;
  // A query parameter ("" when absent).
  std::string Query(std::string_view name) const;
  // A cookie of the Cookie header ("" when absent).
  std::string Cookie(std::string_view name) const;
};

struct WebResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Splits a request target ("/check.json?lang=nl&x=%20y") into path and decoded query; nullopt
// for a target that is not an absolute path or does not decode.
struct ParsedTarget {
  std::string path;
  std::map<std::string, std::string> query;
};
std::optional<ParsedTarget> ParseTarget(std::string_view target);

// The languages of an Accept-Language header in order of preference ("nl-BE;q=0.9, fr" ->
// nl, fr), primary tags only, lowercase.
std::vector<std::string> AcceptedLanguages(std::string_view header);

// The visitor's address: the peer, or, when the peer is a trusted proxy, the right-most
// X-Forwarded-For address that is not itself a trusted proxy.
std::optional<IpAddress> ClientAddress(const std::optional<IpAddress>& peer,
                                       std::string_view x_forwarded_for,
                                       const std::vector<IpNetwork>& trusted_proxies);

WebResponse JsonError(int status, std::string_view code, std::string_view message);

}  // namespace belfry
