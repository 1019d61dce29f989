#include "api/api_session.h"

#include <fmt/format.h>

#include "access/credentials.h"
#include "api/api_guard.h"
#include "api/json_body.h"
#include "core/json_object.h"

namespace belfry {

namespace {

// A hash to verify against when the account does not exist: the answer takes as long.
const std::string& DummyHash() {
  static const std::string hash = HashPassword("belfry-dummy-password").value_or("");
  return hash;
}

std::string SessionCookie(const ApiContext& ctx, const WebRequest& r, const std::string& value,
                          int64_t max_age) {
  const bool secure = r.tls || ctx.w.web->secure_cookies;
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}", kSessionCookie,
                     value, max_age, secure ? "; Secure" : "");
}

std::string MeJson(const Principal& p, const std::string& csrf) {
  return JsonObject()
      .Str("name", p.name)
      .Str("role", RoleName(p.role))
      .StrOrNull("organisation", p.organisation)
      .Bool("can_write", p.can_write())
      .StrOrNull("csrf", csrf)
      .Done();
}

WebResponse Login(ApiContext* ctx, const WebRequest& r) {
  const std::string origin = r.Header("origin");
  if (!origin.empty() && origin != "http://" + r.Header("host") &&
      origin != "https://" + r.Header("host"))
    return JsonError(403, "csrf", "a login from a foreign Origin");
  auto body = JsonBody::Parse(r.body, {"user", "password"});
  if (!body) return ApiError(body.error());
  auto name = (*body)->Str("user");
  auto password = (*body)->Str("password");
  if (!name || !password || !*name || !*password || (*name)->size() > 64 ||
      (*password)->size() > 1024)
    return JsonError(400, "invalid", "give 'user' and 'password'");
  const int64_t now = ctx->w.clock->NowSeconds();
  const std::string address = r.client ? r.client->ToString() : "";
  if (int64_t wait = ctx->limiter.RetryAfter(address, **name, now); wait > 0) {
    WebResponse resp = JsonError(429, "too_many_logins", "too many failed logins; wait and retry");
    resp.headers.emplace_back("Retry-After", std::to_string(wait));
    return resp;
  }
  std::optional<User> user;
  {
    std::lock_guard lock(ctx->store_mu);
    auto u = ctx->w.users->FindUser(**name);
    if (!u) return ApiError(u.error());
    user = *u;
  }
  // Verified outside the store lock: argon2id takes a tenth of a second on purpose.
  const bool ok = user && !user->disabled && !user->password_hash.empty() &&
                  VerifyPassword(user->password_hash, **password);
  if (!user) VerifyPassword(DummyHash(), **password);
  std::lock_guard lock(ctx->store_mu);
  if (!ok) {
    ctx->limiter.Failed(address, **name, now);
    (void)ctx->w.users->AddAudit({0, now, **name, "login-failed", **name, address});
    if (ctx->w.metrics) ctx->w.metrics->Add("belfry_logins_total", "result=\"failed\"", 1);
    return JsonError(401, "bad_credentials", "unknown user or wrong password");
  }
  ctx->limiter.Succeeded(address, **name);
  SessionInfo info;
  const std::string cookie = ctx->sessions.Create(user->id, now, &info);
  (void)ctx->w.users->AddAudit({0, now, user->name, "login", user->name, address});
  if (ctx->w.metrics) ctx->w.metrics->Add("belfry_logins_total", "result=\"ok\"", 1);
  WebResponse resp = JsonOk(MeJson(PrincipalOf(*user), info.csrf));
  resp.headers.emplace_back("Set-Cookie", SessionCookie(*ctx, r, cookie, ctx->w.web->session_idle));
  return resp;
}

}  // namespace

void AddSessionRoutes(Router* router, ApiContext* ctx) {
  router->Add("POST", "/api/v1/login", [ctx](const WebRequest& r) { return Login(ctx, r); });
  router->Add("POST", "/api/v1/logout",
              Guard(ctx, Need::kRead, [ctx](const WebRequest& r, const Principal& p) {
                ctx->sessions.Remove(r.Cookie(kSessionCookie));
                (void)ctx->w.users->AddAudit(
                    {0, ctx->w.clock->NowSeconds(), p.name, "logout", p.name, ""});
                WebResponse resp = JsonOk("{\"ok\": true}");
                resp.headers.emplace_back("Set-Cookie", SessionCookie(*ctx, r, "", 0));
                return resp;
              }));
  router->Add("GET", "/api/v1/me", [ctx](const WebRequest& r) {
    auto caller = Authenticate(ctx, r);
    if (!caller) return JsonError(401, "unauthenticated", "sign in or send a bearer token");
    std::string csrf;
    if (caller->by_session) {
      if (auto s = ctx->sessions.Find(r.Cookie(kSessionCookie), ctx->w.clock->NowSeconds()))
        csrf = s->csrf;
    }
    return JsonOk(MeJson(caller->principal, csrf));
  });
}

}  // namespace belfry
