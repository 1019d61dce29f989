#pragma once
// Routing of requests to handlers by method and path. Paths are exact ("/healthz") or
// patterns whose segments may be parameters ("/api/v1/tickets/{id}") or end in a catch-all
// ("/assets/{*path}"); exact paths win, then patterns in the order added. Parameters are
// handed to the handler in WebRequest::params (decoded; a parameter never holds "/" except
// the catch-all, which never holds a ".." segment).

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "web/web_request.h"

namespace belfry {

using WebHandler = std::function<WebResponse(const WebRequest&)>;

class Router {
 public:
  void Add(const std::string& method, const std::string& path, WebHandler handler);
  // 404 for an unknown path, 405 (with Allow) for a known path and another method; HEAD is
  // answered by GET's handler.
  WebResponse Dispatch(const WebRequest& request) const;
  // Every route as "METHOD PATTERN" (the OpenAPI description is checked against these).
  std::vector<std::string> Routes() const;

 private:
  struct Pattern {
    std::string text;
    std::vector<std::string> segments;  // "{name}" = parameter, "{*name}" = the rest
    std::map<std::string, WebHandler> methods;
  };
  using Methods = std::map<std::string, WebHandler>;
  WebResponse Call(const Methods& methods, const WebRequest& request) const;
  static bool Match(const Pattern& p, const std::vector<std::string>& segments,
                    std::map<std::string, std::string>* params);

  std::map<std::string, Methods> exact_;
  std::vector<Pattern> patterns_;
};

// "/a/b/" -> {"a", "b"}; empty segments dropped.
std::vector<std::string> PathSegments(std::string_view path);

}  // namespace belfry
