#include "api/api_ops.h"

#include <fmt/format.h>

#include "api/api_guard.h"
#include "api/api_query.h"
#include "api/json_body.h"
#include "core/date_time.h"
#include "core/json_object.h"
#include "notify/notify_json.h"
#include "ticket/ticket_json.h"

namespace belfry {

namespace {

WebResponse Notifications(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  auto limit = QueryInt(r.Query("limit"), "limit", 1, 1000, 100);
  if (!limit) return ApiError(limit.error());
  auto list = ctx->w.notify->ListNotifications(static_cast<size_t>(*limit));
  if (!list) return ApiError(list.error());
  std::string out = "[";
  for (auto n : *list) {
    if (!p.team() && (n.route != "constituent" || n.organisation != p.organisation)) continue;
    if (!p.team()) n.bounce.clear();  // the mail server's diagnostics are the team's
    if (out.size() > 1) out += ", ";
    out += NotificationJson(n);
  }
  return JsonOk("{\"notifications\": " + out + "]}");
}

WebResponse Runs(ApiContext* ctx, const WebRequest& r, const Principal&) {
  auto limit = QueryInt(r.Query("limit"), "limit", 1, 1000, 50);
  if (!limit) return ApiError(limit.error());
  auto runs = ctx->w.notify->Runs(static_cast<size_t>(*limit));
  if (!runs) return ApiError(runs.error());
  std::string out = "[";
  for (const auto& x : *runs) out += (out.size() > 1 ? ", " : "") + NotifyRunJson(x);
  return JsonOk("{\"runs\": " + out + "]}");
}

WebResponse Failing(ApiContext* ctx, const WebRequest&, const Principal&) {
  auto failing = ctx->w.notify->Failing();
  if (!failing) return ApiError(failing.error());
  std::string out = "[";
  for (const auto& f : *failing) out += (out.size() > 1 ? ", " : "") + FailingJson(f);
  return JsonOk("{\"failing\": " + out + "]}");
}

WebResponse Inhibitions(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  const bool all = r.Query("all") == "1" || r.Query("all") == "true";
  auto list = ctx->w.notify->Inhibitions(all ? 0 : ctx->w.clock->NowSeconds());
  if (!list) return ApiError(list.error());
  std::string out = "[";
  for (const auto& i : *list) {
    if (!p.team() && i.organisation != p.organisation) continue;
    if (out.size() > 1) out += ", ";
    out += InhibitionJson(i);
  }
  return JsonOk("{\"inhibitions\": " + out + "]}");
}

WebResponse AddInhibition(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  if (p.team() && !p.can_write()) return JsonError(403, "forbidden", "your role may not do this");
  auto body = JsonBody::Parse(r.body, {"organisation", "classification", "identifier", "network",
                                       "until", "reason"});
  if (!body) return ApiError(body.error());
  Inhibition i;
  for (auto [key, field] : {std::pair{"organisation", &i.organisation},
                            std::pair{"classification", &i.classification},
                            std::pair{"identifier", &i.identifier},
                            std::pair{"network", &i.network}, std::pair{"reason", &i.reason}}) {
    auto v = (*body)->Str(key);
    if (!v) return ApiError(v.error());
    if (*v) *field = **v;
    if (field->size() > 500) return JsonError(400, "invalid", fmt::format("{}: too long", key));
  }
  if (!i.network.empty() && !IpNetwork::Parse(i.network) && !IpAddress::Parse(i.network))
    return JsonError(400, "invalid", "network: an address or CIDR");
  const int64_t now = ctx->w.clock->NowSeconds();
  auto until = (*body)->Str("until");
  if (!until) return ApiError(until.error());
  if (*until && !(*until)->empty()) {
    auto t = ParseDateTimeMicros(**until);
    if (!t) {
      auto d = ParseSinceMicros(**until, 0);  // a duration: from now on
      if (!d || (*until)->find('-') != std::string::npos)
        return JsonError(400, "invalid", "until: a date-time or a duration (30d)");
      i.until = now - *d / 1000000;
    } else {
      i.until = *t / 1000000;
    }
    if (i.until <= now) return JsonError(400, "invalid", "until: in the future");
  }
  if (!p.team()) {
    // A constituent inhibits only its own findings, and only for as long as the team allows.
    const int64_t max_days = ctx->w.web->portal_inhibit_days;
    if (max_days == 0) return JsonError(403, "forbidden", "the team sets this organisation's inhibitions");
    if (!i.organisation.empty() && i.organisation != p.organisation)
      return JsonError(403, "forbidden", "only your own organisation");
    i.organisation = p.organisation;
    if (i.until == 0 || i.until > now + max_days * 86400)
      return JsonError(400, "limit", fmt::format("until: at most {} days from now", max_days));
  }
  i.actor = p.name;
  i.created = now;
  auto id = ctx->w.notify->AddInhibition(i);
  if (!id) return ApiError(id.error());
  i.id = *id;
  (void)ctx->w.users->AddAudit({0, now, p.name, "inhibit", i.organisation, InhibitionJson(i)});
  return JsonOk(InhibitionJson(i), 201);
}

WebResponse RemoveInhibition(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  if (p.team() && !p.can_write()) return JsonError(403, "forbidden", "your role may not do this");
  auto id = QueryInt(r.params.at("id"), "id", 1, INT64_MAX);
  if (!id) return JsonError(404, "not_found", "no such inhibition");
  auto list = ctx->w.notify->Inhibitions(0);
  if (!list) return ApiError(list.error());
  const Inhibition* found = nullptr;
  for (const auto& i : *list)
    if (i.id == *id && (p.team() || i.organisation == p.organisation)) found = &i;
  if (!found) return JsonError(404, "not_found", "no such inhibition");
  auto removed = ctx->w.notify->RemoveInhibition(*id);
  if (!removed) return ApiError(removed.error());
  (void)ctx->w.users->AddAudit({0, ctx->w.clock->NowSeconds(), p.name, "uninhibit",
                                found->organisation, std::to_string(*id)});
  return JsonOk("{\"ok\": true}");
}

std::string CountMap(const std::map<std::string, int64_t>& m) {
  JsonObject o;
  for (const auto& [k, v] : m) o.Int(k, v);
  return o.Done();
}

WebResponse Stats(ApiContext* ctx, const WebRequest& r, const Principal&) {
  const int64_t now = ctx->w.clock->NowSeconds();
  auto year = QueryInt(r.Query("year"), "year", 1970, 9999,
                       std::stoll(FormatIsoUtc(now * 1000000).substr(0, 4)));
  if (!year) return ApiError(year.error());
  auto s = ctx->w.tracker->store()->Stats(static_cast<int>(*year));
  if (!s) return ApiError(s.error());
  JsonObject by_class, by_sector;
  for (const auto& [q, m] : s->by_classification) by_class.Raw(q, CountMap(m));
  for (const auto& [q, m] : s->by_sector) by_sector.Raw(q, CountMap(m));
  auto events = ctx->w.events->Stats();
  if (!events) return ApiError(events.error());
  return JsonOk(JsonObject()
                    .Int("year", *year)
                    .Raw("created", CountMap(s->created))
                    .Raw("resolved", CountMap(s->resolved))
                    .Raw("by_classification", by_class.Done())
                    .Raw("by_sector", by_sector.Done())
                    .Int("responses", s->responses)
                    .Raw("median_response_seconds", s->median_response_seconds < 0
                                                        ? "null"
                                                        : std::to_string(s->median_response_seconds))
                    .Int("events_stored", static_cast<int64_t>(events->events))
                    .Int("reports_stored", static_cast<int64_t>(events->reports))
                    .Done());
}

// SLA status now: active tickets per queue, overdue ones, NIS2 deadlines running.
Result<std::string> SlaJson(ApiContext* ctx) {
  const int64_t now = ctx->w.clock->NowSeconds();
  JsonObject active, overdue;
  int64_t nis2_open = 0, nis2_overdue = 0;
  for (Queue q : kAllQueues) {
    TicketFilter f;
    f.queue = q;
    f.active_only = true;
    f.limit = 100000;
    auto list = ctx->w.tracker->store()->ListTickets(f);
    if (!list) return Fail(list.error());
    int64_t late = 0;
    for (const auto& t : *list) {
      if (Overdue(t, now)) ++late;
      if (t.nis2.active()) {
        ++nis2_open;
        for (const auto& d : Nis2Deadlines(t.nis2))
          if (!d.done && d.due < now) {
            ++nis2_overdue;
            break;
          }
      }
    }
    active.Int(QueueName(q), static_cast<int64_t>(list->size()));
    overdue.Int(QueueName(q), late);
  }
  return JsonObject()
      .Raw("active", active.Done())
      .Raw("overdue", overdue.Done())
      .Int("nis2_open", nis2_open)
      .Int("nis2_overdue", nis2_overdue)
      .Done();
}

WebResponse Dashboard(ApiContext* ctx, const WebRequest&, const Principal&) {
  auto sla = SlaJson(ctx);
  if (!sla) return ApiError(sla.error());
  auto charts = ctx->dashboard();
  return JsonOk(JsonObject()
                    .Raw("sla", *sla)
                    .Raw("charts", charts ? *charts : "null")
                    .Done());
}

WebResponse Users(ApiContext* ctx, const WebRequest&, const Principal&) {
  auto users = ctx->w.users->ListUsers();
  if (!users) return ApiError(users.error());
  std::string out = "[";
  for (const auto& u : *users) {
    if (out.size() > 1) out += ", ";
    out += JsonObject()
               .Str("name", u.name)
               .Str("role", RoleName(u.role))
               .StrOrNull("organisation", u.organisation)
               .Bool("disabled", u.disabled)
               .Str("created", Time(u.created))
               .Done();
  }
  return JsonOk("{\"users\": " + out + "]}");
}

WebResponse AuditLog(ApiContext* ctx, const WebRequest& r, const Principal&) {
  auto limit = QueryInt(r.Query("limit"), "limit", 1, 10000, 200);
  if (!limit) return ApiError(limit.error());
  auto rows = ctx->w.users->Audit(static_cast<size_t>(*limit));
  if (!rows) return ApiError(rows.error());
  std::string out = "[";
  for (const auto& e : *rows) {
    if (out.size() > 1) out += ", ";
    out += JsonObject()
               .Str("at", Time(e.at))
               .Str("actor", e.actor)
               .Str("action", e.action)
               .Str("object", e.object)
               .Str("detail", e.detail)
               .Done();
  }
  return JsonOk("{\"audit\": " + out + "]}");
}

}  // namespace

void AddOpsRoutes(Router* router, ApiContext* ctx) {
  AddGuarded(router, ctx, {
      {"GET", "/api/v1/notifications", Need::kRead, Notifications},
      {"GET", "/api/v1/notifications/runs", Need::kTeam, Runs},
      {"GET", "/api/v1/notifications/failing", Need::kTeam, Failing},
      {"GET", "/api/v1/inhibitions", Need::kRead, Inhibitions},
      {"POST", "/api/v1/inhibitions", Need::kRead, AddInhibition},
      {"DELETE", "/api/v1/inhibitions/{id}", Need::kRead, RemoveInhibition},
      {"GET", "/api/v1/stats", Need::kTeam, Stats},
      {"GET", "/api/v1/dashboard", Need::kTeam, Dashboard},
      {"GET", "/api/v1/users", Need::kAdmin, Users},
      {"GET", "/api/v1/audit", Need::kAdmin, AuditLog},
  });
  router->Add("GET", "/api/v1/feeds", Guard(ctx, Need::kTeam, [ctx](const WebRequest&, const Principal&) {
                return JsonOk(ctx->w.feeds_json ? ctx->w.feeds_json() : "{\"feeds\": []}");
              }));
  router->Add("GET", "/api/v1/pipeline", Guard(ctx, Need::kTeam, [ctx](const WebRequest&, const Principal&) {
                return JsonOk(ctx->w.pipeline_json ? ctx->w.pipeline_json() : "{}");
              }));
}

}  // namespace belfry
