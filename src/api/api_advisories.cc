#include "api/api_advisories.h"

#include <fmt/format.h>

#include "api/api_guard.h"
#include "api/api_query.h"
#include "api/json_body.h"
#include "core/date_time.h"
#include "core/json_object.h"
#include "publish/advisory_json.h"

namespace belfry {

namespace {

Result<Advisory> Readable(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  auto a = ctx->w.advisories->Find(r.params.at("id"));
  if (!a) return Fail(a.error());
  // Not readable is not found: a RED advisory's existence is not told either.
  if (!MayReadTlp(p, a->tlp))
    return Fail(Error::NotFound(fmt::format("no advisory {}", r.params.at("id"))));
  return a;
}

WebResponse Full(const Advisory& a, int status = 200) {
  auto src = SourceOf(a);
  if (!src) return ApiError(src.error());
  return JsonOk(AdvisoryJson(a, &*src), status);
}

WebResponse List(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  AdvisoryFilter f;
  f.with_source = false;
  f.audience = r.Query("audience");
  f.lang = r.Query("lang");
  if (const std::string status = r.Query("status"); !status.empty()) {
    f.status = ParseAdvisoryStatus(status);
    if (!f.status) return JsonError(400, "invalid", "status: draft, in-review, approved, published or withdrawn");
  }
  auto limit = QueryInt(r.Query("limit"), "limit", 1, 10000, 200);
  if (!limit) return ApiError(limit.error());
  f.limit = static_cast<size_t>(*limit);
  auto list = ctx->w.advisory_store->ListAdvisories(f);
  if (!list) return ApiError(list.error());
  std::string out = "[";
  for (const auto& a : *list) {
    if (!MayReadTlp(p, a.tlp)) continue;
    if (out.size() > 1) out += ", ";
    out += AdvisoryJson(a, nullptr);
  }
  return JsonOk("{\"advisories\": " + out + "]}");
}

// The organisations told about an advisory (the team only reaches this route): the match is
// recorded under the tracking id of the advisory its translations belong to.
Result<std::string> MatchesJson(ApiContext* ctx, const Advisory& a) {
  if (!ctx->w.products) return std::string("[]");
  std::string key = a.tracking_id;
  if (a.translation_of != 0) {
    auto original = ctx->w.advisory_store->GetAdvisory(a.translation_of);
    if (!original) return Fail(original.error());
    if (*original) key = (*original)->tracking_id;
  }
  if (key.empty()) return std::string("[]");
  auto matches = ctx->w.products->MatchesOf(key);
  if (!matches) return Fail(matches.error());
  std::string out = "[";
  for (const auto& m : *matches) {
    if (out.size() > 1) out += ", ";
    out += JsonObject()
               .Str("organisation", m.organisation)
               .Int("ticket", m.ticket)
               .Str("at", FormatIsoUtc(m.at * 1000000))
               .Done();
  }
  return out + "]";
}

WebResponse Show(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  auto a = Readable(ctx, r, p);
  if (!a) return ApiError(a.error());
  WebResponse resp = Full(*a);
  if (resp.status != 200) return resp;
  auto matches = MatchesJson(ctx, *a);
  if (!matches) return ApiError(matches.error());
  resp.body.pop_back();  // the object's closing brace
  resp.body += ", \"matches\": " + *matches + "}";
  return resp;
}

WebResponse Create(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  auto body = JsonBody::Parse(r.body, {"source", "translation_of"});
  if (!body) return ApiError(body.error());
  auto source = (*body)->Str("source");
  if (!source) return ApiError(source.error());
  if (!*source) return JsonError(400, "invalid", "source: the advisory's Markdown is required");
  auto of = (*body)->Int("translation_of");
  if (!of) return ApiError(of.error());
  auto a = ctx->w.advisories->Create(**source, "source", p.name, of->value_or(0));
  if (!a) return ApiError(a.error());
  return Full(*a, 201);
}

WebResponse Edit(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  auto a = Readable(ctx, r, p);
  if (!a) return ApiError(a.error());
  auto body = JsonBody::Parse(r.body, {"source"});
  if (!body) return ApiError(body.error());
  auto source = (*body)->Str("source");
  if (!source) return ApiError(source.error());
  if (!*source) return JsonError(400, "invalid", "source is required");
  auto edited = ctx->w.advisories->Edit(a->id, **source, "source", p.name);
  if (!edited) return ApiError(edited.error());
  return Full(*edited);
}

WebResponse Act(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  auto a = Readable(ctx, r, p);
  if (!a) return ApiError(a.error());
  auto body = JsonBody::Parse(r.body, {"action", "comment", "at", "source", "summary", "reason"});
  if (!body) return ApiError(body.error());
  auto field = [&](const char* key) -> std::string {
    auto v = (*body)->Str(key);
    return v && *v ? **v : std::string();
  };
  const std::string action = field("action");
  AdvisoryDesk* desk = ctx->w.advisories;
  Result<Advisory> done = Fail(Error::InvalidInput(
      "action: submit, approve, reject, publish, revise or withdraw"));
  if (action == "submit") {
    done = desk->Submit(a->id, p.name);
  } else if (action == "approve" || action == "reject") {
    done = desk->Review(a->id, p.name, action == "approve", field("comment"));
  } else if (action == "publish") {
    int64_t at = 0;
    if (const std::string when = field("at"); !when.empty()) {
      auto micros = ParseDateTimeMicros(when);
      if (!micros) return JsonError(400, "invalid", "at: an ISO 8601 date and time");
      at = *micros / 1000000;
    }
    done = desk->Publish(a->id, p.name, at);
  } else if (action == "revise") {
    done = desk->Revise(a->id, field("source"), "source", field("summary"), p.name);
  } else if (action == "withdraw") {
    done = desk->Withdraw(a->id, field("reason"), p.name);
  }
  if (!done) return ApiError(done.error());
  if (ctx->w.deliver_mail) ctx->w.deliver_mail();  // a publication's vulnerability notices
  return Full(*done);
}

}  // namespace

void AddAdvisoryRoutes(Router* router, ApiContext* ctx) {
  AddGuarded(router, ctx,
             {{"GET", "/api/v1/advisories", Need::kTeam, &List},
              {"POST", "/api/v1/advisories", Need::kWrite, &Create},
              {"GET", "/api/v1/advisories/{id}", Need::kTeam, &Show},
              {"PUT", "/api/v1/advisories/{id}", Need::kWrite, &Edit},
              {"POST", "/api/v1/advisories/{id}/actions", Need::kWrite, &Act}});
}

}  // namespace belfry
