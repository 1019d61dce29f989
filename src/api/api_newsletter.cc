#include "api/api_newsletter.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/api_guard.h"
#include "api/json_body.h"
#include "newsletter/newsletter_pages.h"
#include "web/site_files.h"

namespace belfry {

namespace {

bool KnownLang(const std::string& l) { return l == "nl" || l == "fr" || l == "en" || l == "de"; }

// The visitor's language: ?lang=, else their browser's first one we write, else the first
// edition's.
std::string PageLang(const ApiContext* ctx, const WebRequest& r) {
  const std::string q = r.Query("lang");
  if (KnownLang(q)) return q;
  for (const auto& l : AcceptedLanguages(r.Header("accept-language")))
    if (KnownLang(l)) return l;
  auto editions = ctx->w.newsletter->Editions();
  return editions.empty() ? "en" : editions.front().second;
}

WebResponse Page(int status, std::string html, bool private_page) {
  WebResponse resp;
  resp.status = status;
  resp.content_type = "text/html; charset=utf-8";
  resp.body = std::move(html);
  // Token pages: never cached, and the token never leaves in a Referer.
  resp.headers.emplace_back("Cache-Control", private_page ? "no-store" : "no-cache");
  resp.headers.emplace_back("Referrer-Policy", "no-referrer");
  return resp;
}

// Form fields (application/x-www-form-urlencoded) or, for a JSON body, its string members.
std::map<std::string, std::string> Fields(const WebRequest& r) {
  std::map<std::string, std::string> out;
  if (r.Header("content-type").rfind("application/json", 0) == 0) {
    auto body = JsonBody::Parse(r.body, {"email", "audience", "lang", "edition", "token"});
    if (!body) return out;  // nothing valid: a 400 follows
    for (const char* key : {"email", "audience", "lang", "edition", "token"})
      if (auto v = (*body)->Str(key); v && *v) out[key] = **v;
    return out;
  }
  if (auto parsed = ParseTarget("/?" + r.body)) out = std::move(parsed->query);
  return out;
}

std::string TokenOf(const WebRequest& r) {
  std::string t = r.Query("token");
  if (t.empty()) {
    auto f = Fields(r);
    if (auto it = f.find("token"); it != f.end()) t = it->second;
  }
  return t;
}

WebResponse Subscribe(ApiContext* ctx, const WebRequest& r) {
  NewsletterDesk& desk = *ctx->w.newsletter;
  auto f = Fields(r);
  std::string audience = f["audience"], lang = f["lang"];
  if (const std::string& e = f["edition"]; !e.empty()) {
    size_t dash = e.find('-');
    audience = e.substr(0, dash);
    lang = dash == std::string::npos ? "" : e.substr(dash + 1);
  }
  const bool json = r.Header("content-type").rfind("application/json", 0) == 0;
  const std::string page_lang = KnownLang(lang) ? lang : PageLang(ctx, r);
  const SiteInfo site = desk.Site();
  auto email = NormalizeMailAddress(f["email"]);
  if (!email || !desk.Offers(audience, lang)) {
    if (json) return JsonError(400, "invalid", "an e-mail address and an offered edition");
    return Page(400, NewsletterNoticeHtml("bad-request", page_lang, site), false);
  }
  const int64_t now = ctx->w.clock->NowSeconds();
  const std::string address = r.client ? r.client->ToString() : "-";
  if (int64_t wait = ctx->subscriptions.RetryAfter(address, *email, now); wait > 0) {
    WebResponse resp = json ? JsonError(429, "rate-limited", "too many subscriptions; try later")
                            : Page(429, NewsletterNoticeHtml("bad-request", page_lang, site), false);
    resp.headers.emplace_back("Retry-After", std::to_string(wait));
    return resp;
  }
  ctx->subscriptions.Failed(address, *email, now);  // every request counts
  {
    std::lock_guard lock(ctx->store_mu);
    auto out = desk.Subscribe(*email, audience, lang, "web", false);
    if (!out) {
      spdlog::error("web: newsletter subscription: {}", out.error().message());
      return JsonError(500, "internal", "the subscription could not be recorded; try later");
    }
    spdlog::info("web: newsletter: {}", out->note);
    if (out->confirmation_queued && ctx->w.deliver_mail) ctx->w.deliver_mail();
  }
  // The same answer for a new, a pending and a known address: the form tells nobody who
  // subscribes.
  if (json) return JsonOk("{\"status\": \"check-mail\"}");
  return Page(200, NewsletterNoticeHtml("check-mail", page_lang, site), false);
}

// GET: the question and a button; POST: the answer.
WebResponse TokenAction(ApiContext* ctx, const WebRequest& r, const std::string& kind) {
  NewsletterDesk& desk = *ctx->w.newsletter;
  const SiteInfo site = desk.Site();
  const std::string token = TokenOf(r);
  std::lock_guard lock(ctx->store_mu);
  auto sub = desk.ByToken(token);
  if (!sub) return JsonError(500, "internal", "try later");
  if (!*sub) return Page(404, NewsletterNoticeHtml("bad-link", PageLang(ctx, r), site), true);
  if (r.method == "GET") return Page(200, NewsletterActionHtml(kind, **sub, site), true);
  auto done = kind == "confirm" ? desk.Confirm(token) : desk.Unsubscribe(token);
  if (!done) return JsonError(500, "internal", "try later");
  if (!*done) return Page(404, NewsletterNoticeHtml("bad-link", (*sub)->lang, site), true);
  spdlog::info("web: newsletter subscriber #{} {}", (*done)->id,
               kind == "confirm" ? "confirmed" : "unsubscribed");
  return Page(200,
              NewsletterNoticeHtml(kind == "confirm" ? "confirmed" : "unsubscribed",
                                   (*done)->lang, site),
              true);
}

}  // namespace

void AddNewsletterRoutes(Router* router, ApiContext* ctx) {
  if (!ctx->w.newsletter) return;
  router->Add("GET", "/newsletter", [](const WebRequest&) {
    WebResponse resp;
    resp.status = 301;
    resp.headers.emplace_back("Location", "/newsletter/");
    return resp;
  });
  router->Add("GET", "/newsletter/", [ctx](const WebRequest& r) {
    NewsletterDesk& desk = *ctx->w.newsletter;
    std::vector<NewsletterIssue> issues;
    {
      std::lock_guard lock(ctx->store_mu);
      auto list = ctx->w.newsletter_store->ListIssues("", "", 0, false);
      if (!list) return JsonError(500, "internal", "try later");
      issues = std::move(*list);
    }
    return Page(200, NewsletterHomeHtml(desk.Editions(), issues, PageLang(ctx, r), desk.Site()),
                false);
  });
  router->Add("POST", "/newsletter/subscribe",
              [ctx](const WebRequest& r) { return Subscribe(ctx, r); });
  for (const char* kind : {"confirm", "unsubscribe"})
    for (const char* method : {"GET", "POST"})
      router->Add(method, fmt::format("/newsletter/{}", kind),
                  [ctx, kind](const WebRequest& r) { return TokenAction(ctx, r, kind); });
  router->Add("GET", "/newsletter/{*path}", [ctx](const WebRequest& r) {
    return ServeSiteFile(ctx->w.site_dir, "newsletter/" + r.params.at("path"), r);
  });
}

}  // namespace belfry
