#include "api/api_guard.h"

#include <spdlog/spdlog.h>

#include "access/credentials.h"

namespace belfry {

namespace {

bool Changes(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// A browser's cross-site request carries its own Origin; ours carries ours or none.
bool SameOrigin(const WebRequest& r) {
  const std::string origin = r.Header("origin");
  if (origin.empty() || origin == "null") return origin.empty();
  const std::string host = r.Header("host");
  return origin == (r.tls ? "https://" : "http://") + host ||
         (!r.tls && origin == "https://" + host);  // behind a TLS-terminating proxy
}

Result<Principal> Active(ApiContext* ctx, std::optional<User> user) {
  if (!user || user->disabled) return Fail(Error::NotFound("unauthenticated"));
  if (user->role == Role::kConstituent && user->organisation.empty())
    return Fail(Error::NotFound("unauthenticated"));
  (void)ctx;
  return PrincipalOf(*user);
}

}  // namespace

Result<Caller> Authenticate(ApiContext* ctx, const WebRequest& request) {
  const int64_t now = ctx->w.clock->NowSeconds();
  const std::string auth = request.Header("authorization");
  if (auth.rfind("Bearer ", 0) == 0) {
    const std::string token = auth.substr(7);
    if (token.empty() || token.size() > 128) return Fail(Error::NotFound("unauthenticated"));
    std::lock_guard lock(ctx->store_mu);
    auto user = ctx->w.users->UserOfToken(SecretDigest(token), now);
    if (!user) return Fail(user.error());
    auto p = Active(ctx, *user);
    if (!p) return Fail(p.error());
    return Caller{*p, false, true};  // no ambient credential: no CSRF to fear
  }
  const std::string cookie = request.Cookie(kSessionCookie);
  if (cookie.empty()) return Fail(Error::NotFound("unauthenticated"));
  auto session = ctx->sessions.Find(cookie, now);
  if (!session) return Fail(Error::NotFound("unauthenticated"));
  std::optional<User> user;
  {
    std::lock_guard lock(ctx->store_mu);
    auto u = ctx->w.users->GetUser(session->user_id);
    if (!u) return Fail(u.error());
    user = *u;
  }
  auto p = Active(ctx, user);
  if (!p) return Fail(p.error());
  const bool csrf = SecretsEqual(request.Header("x-csrf-token"), session->csrf) &&
                    SameOrigin(request);
  return Caller{*p, true, csrf};
}

WebResponse ApiError(const Error& e) {
  if (e.code() == ErrorCode::kNotFound) return JsonError(404, "not_found", e.message());
  if (e.code() == ErrorCode::kInvalidInput || e.code() == ErrorCode::kInvalidConfig)
    return JsonError(400, "invalid", e.message());
  if (e.code() == ErrorCode::kUnavailable) return JsonError(503, "unavailable", e.message());
  spdlog::error("api: {}", e.message());
  return JsonError(500, "internal", "internal error");
}

WebResponse JsonOk(std::string json, int status) {
  WebResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(json);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

WebHandler Guard(ApiContext* ctx, Need need, ApiHandler handler) {
  return [ctx, need, handler = std::move(handler)](const WebRequest& request) -> WebResponse {
    auto caller = Authenticate(ctx, request);
    if (!caller) {
      if (caller.error().code() != ErrorCode::kNotFound) return ApiError(caller.error());
      WebResponse r = JsonError(401, "unauthenticated", "sign in or send a bearer token");
      r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"belfry\"");
      return r;
    }
    const Principal& p = caller->principal;
    const bool allowed = need == Need::kRead || (need == Need::kTeam && p.team()) ||
                         (need == Need::kWrite && p.can_write()) ||
                         (need == Need::kAdmin && p.admin());
    if (!allowed) return JsonError(403, "forbidden", "your role may not do this");
    if (Changes(request.method) && !caller->csrf_ok)
      return JsonError(403, "csrf", "missing or wrong X-CSRF-Token, or a foreign Origin");
    std::lock_guard lock(ctx->store_mu);
    return handler(request, p);
  };
}

void AddGuarded(Router* router, ApiContext* ctx, std::initializer_list<ApiRoute> routes) {
  for (const auto& r : routes) {
    ApiFn fn = r.fn;
    router->Add(r.method, r.path, Guard(ctx, r.need, [ctx, fn](const WebRequest& q, const Principal& p) {
                  return fn(ctx, q, p);
                }));
  }
}

}  // namespace belfry
