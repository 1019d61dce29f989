#pragma once
// Every API handler runs behind one guard: who is asking (a bearer token, or a session
// cookie plus, for a change, its CSRF token and a same-origin check), whether the role may
// do it, one request at a time on the stores, and errors as JSON with stable codes.

#include <functional>
#include <initializer_list>
#include <string>

#include "access/access_policy.h"
#include "api/api_context.h"
#include "core/result.h"
#include "web/router.h"

namespace belfry {

enum class Need {
  kRead,   // any account (constituents see their own only: the handler scopes)
  kTeam,   // admin, analyst, read-only
  kWrite,  // admin, analyst
  kAdmin,
};

using ApiHandler = std::function<WebResponse(const WebRequest&, const Principal&)>;

// The handler behind authentication, role check, CSRF and the store lock.
WebHandler Guard(ApiContext* ctx, Need need, ApiHandler handler);

// Routes whose handlers are plain functions of the context, the request and the caller.
using ApiFn = WebResponse (*)(ApiContext*, const WebRequest&, const Principal&);
struct ApiRoute {
  const char* method;
  const char* path;
  Need need;
  ApiFn fn;
};
void AddGuarded(Router* router, ApiContext* ctx, std::initializer_list<ApiRoute> routes);

// Who sent the request, if anyone: "Authorization: Bearer" or the session cookie.
// `csrf_ok` tells whether a state-changing request may proceed.
struct Caller {
  Principal principal;
  bool by_session = false;
  bool csrf_ok = false;
};
Result<Caller> Authenticate(ApiContext* ctx, const WebRequest& request);

// An error as the API's JSON; Result errors map to codes (not_found 404, invalid 400, ...).
WebResponse ApiError(const Error& e);
WebResponse JsonOk(std::string json, int status = 200);

inline constexpr const char* kSessionCookie = "belfry_session";

}  // namespace belfry
