#include "api/api_tickets.h"

#include <fmt/format.h>

#include "api/api_guard.h"
#include "api/api_query.h"
#include "api/json_body.h"
#include "core/json_object.h"
#include "ticket/investigator.h"
#include "ticket/ticket_json.h"

namespace belfry {

namespace {

std::optional<Tlp> TicketTlp(const Ticket& t) { return ParseTlp(t.tlp); }

bool MayRead(const Principal& p, const Ticket& t) {
  return MayReadTicket(p, TicketTlp(t), t.queue == Queue::kInvestigations, t.organisation);
}

// The ticket `id` as this principal may see it; NotFound also when it may not (a
// constituent learns nothing about other organisations' tickets, not even that they exist).
Result<Ticket> Readable(ApiContext* ctx, const Principal& p, const WebRequest& r) {
  auto id = QueryInt(r.params.at("id"), "id", 1, INT64_MAX);
  if (!id) return Fail(Error::NotFound("no such ticket"));
  auto t = ctx->w.tracker->Get(*id);
  if (!t || !MayRead(p, *t)) return Fail(Error::NotFound(fmt::format("no ticket #{}", *id)));
  return *t;
}

std::string TicketsArray(ApiContext* ctx, const std::vector<Ticket>& tickets) {
  std::string out = "[";
  const int64_t now = ctx->w.clock->NowSeconds();
  for (const auto& t : tickets) {
    if (out.size() > 1) out += ", ";
    out += TicketJson(t, ctx->w.tracker->config(), now);
  }
  return out + "]";
}

WebResponse List(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  TicketFilter f;
  if (auto q = r.Query("queue"); !q.empty()) {
    f.queue = ParseQueue(q);
    if (!f.queue) return JsonError(400, "invalid", "queue: reports, incidents, investigations or countermeasures");
  }
  f.status = r.Query("status");
  const std::string state = r.Query("state");
  if (!state.empty() && state != "active" && state != "all")
    return JsonError(400, "invalid", "state: active or all");
  f.active_only = state != "all";
  f.now = ctx->w.clock->NowSeconds();
  f.overdue = r.Query("overdue") == "1" || r.Query("overdue") == "true";
  f.owner = r.Query("owner") == "me" ? p.name : r.Query("owner");
  f.organisation = r.Query("organisation");
  auto limit = QueryInt(r.Query("limit"), "limit", 1, 500, 50);
  if (!limit) return ApiError(limit.error());
  f.limit = static_cast<size_t>(*limit);
  auto cursor = QueryInt(r.Query("cursor"), "cursor", 0, INT64_MAX, 0);
  if (!cursor) return ApiError(cursor.error());
  f.before_id = *cursor;
  if (!p.team()) {
    f.queue = Queue::kInvestigations;
    f.organisation = p.organisation;
  }
  auto found = ctx->w.tracker->store()->ListTickets(f);
  if (!found) return ApiError(found.error());
  std::vector<Ticket> visible;
  for (auto& t : *found)
    if (MayRead(p, t)) visible.push_back(std::move(t));
  std::string next = found->size() == f.limit && !found->empty()
                         ? std::to_string(found->back().id)
                         : "null";
  return JsonOk(fmt::format("{{\"tickets\": {}, \"next_cursor\": {}}}", TicketsArray(ctx, visible),
                            next == "null" ? next : "\"" + next + "\""));
}

std::string MessagesJson(const std::vector<TicketMessage>& messages, bool team) {
  std::string out = "[";
  for (const auto& m : messages) {
    if (!team && m.direction == MessageDirection::kComment) continue;  // internal notes
    std::string atts = "[";
    for (const auto& a : m.attachments) {
      if (atts.size() > 1) atts += ", ";
      atts += JsonObject()
                  .Str("name", a.name)
                  .Str("content_type", a.content_type)
                  .Int("size", static_cast<int64_t>(a.data.size()))
                  .Done();
    }
    if (out.size() > 1) out += ", ";
    out += JsonObject()
               .Int("id", m.id)
               .Int("ticket", m.ticket_id)
               .Str("direction", DirectionName(m.direction))
               .StrOrNull("from", m.from)
               .StrOrNull("to", m.to)
               .StrOrNull("subject", m.subject)
               .Str("at", Time(m.at))
               .StrOrNull("actor", team ? m.actor : "")
               .Str("body", m.body)
               .Raw("attachments", atts + "]")
               .Done();
  }
  return out + "]";
}

WebResponse Show(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  auto t = Readable(ctx, p, r);
  if (!t) return ApiError(t.error());
  auto view = ctx->w.tracker->View(t->id);
  if (!view) return ApiError(view.error());
  const int64_t now = ctx->w.clock->NowSeconds();
  const auto& cfg = ctx->w.tracker->config();
  JsonObject o;
  o.Raw("ticket", TicketJson(view->ticket, cfg, now))
      .Str("tag", fmt::format("[{} #{}]", cfg.subject_tag, view->ticket.id))
      .Raw("messages", MessagesJson(view->messages, p.team()))
      .Int("events", static_cast<int64_t>(view->events.size()));
  if (p.team()) {
    std::vector<Ticket> parents, children;
    for (auto& x : view->parents) if (MayRead(p, x)) parents.push_back(x);
    for (auto& x : view->children) if (MayRead(p, x)) children.push_back(x);
    std::string history = "[";
    for (const auto& h : view->history) {
      if (history.size() > 1) history += ", ";
      history += JsonObject()
                     .Str("at", Time(h.at))
                     .Str("actor", h.actor)
                     .Str("action", h.action)
                     .StrOrNull("field", h.field)
                     .StrOrNull("old", h.old_value)
                     .StrOrNull("new", h.new_value)
                     .Done();
    }
    std::string observables = "[";
    for (const auto& ob : view->observables) {
      if (observables.size() > 1) observables += ", ";
      observables += JsonObject()
                         .Str("type", ObservableTypeName(ob.observable.type))
                         .Str("value", ob.observable.value)
                         .Str("origin", ob.origin)
                         .Done();
    }
    o.Raw("parents", TicketsArray(ctx, parents))
        .Raw("children", TicketsArray(ctx, children))
        .Raw("history", history + "]")
        .Raw("observables", observables + "]")
        .Raw("merged", JsonIds(view->merged));
  }
  return JsonOk(o.Done());
}

WebResponse Create(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  auto body = JsonBody::Parse(r.body, {"queue", "subject", "classification", "organisation",
                                       "severity", "tlp", "owner", "requestors", "text"});
  if (!body) return ApiError(body.error());
  Ticket draft;
  auto queue = (*body)->Str("queue");
  if (!queue) return ApiError(queue.error());
  draft.queue = ParseQueue(queue->value_or("reports")).value_or(Queue::kReports);
  if (*queue && !ParseQueue(**queue)) return JsonError(400, "invalid", "queue: unknown queue");
  auto subject = (*body)->Str("subject");
  if (!subject || !*subject || (*subject)->empty() || (*subject)->size() > 500)
    return JsonError(400, "invalid", "subject: 1 to 500 characters");
  draft.subject = **subject;
  for (auto [key, field] : {std::pair{"classification", &draft.classification},
                            std::pair{"organisation", &draft.organisation},
                            std::pair{"owner", &draft.owner}}) {
    auto v = (*body)->Str(key);
    if (!v) return ApiError(v.error());
    if (*v) *field = **v;
  }
  auto tlp = (*body)->Str("tlp");
  if (!tlp) return ApiError(tlp.error());
  if (*tlp) {
    auto parsed = ParseTlp(**tlp);
    if (!parsed) return JsonError(400, "invalid", "tlp: CLEAR, GREEN, AMBER, AMBER+STRICT or RED");
    draft.tlp = std::string(TlpName(*parsed));
  }
  auto severity = (*body)->Int("severity");
  if (!severity) return ApiError(severity.error());
  if (*severity) {
    if (**severity < 1 || **severity > 4) return JsonError(400, "invalid", "severity: 1 to 4");
    draft.severity = static_cast<int>(**severity);
  }
  auto text = (*body)->Str("text");
  if (!text) return ApiError(text.error());
  TicketMessage message;
  TicketMessage* first = nullptr;
  if (*text && !(*text)->empty()) {
    message.direction = MessageDirection::kComment;
    message.body = **text;
    message.actor = p.name;
    message.at = ctx->w.clock->NowSeconds();
    first = &message;
  }
  auto created = ctx->w.tracker->Create(std::move(draft), p.name, first);
  if (!created) return ApiError(created.error());
  return JsonOk(TicketJson(*created, ctx->w.tracker->config(), ctx->w.clock->NowSeconds()), 201);
}

WebResponse Update(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  auto t = Readable(ctx, p, r);
  if (!t) return ApiError(t.error());
  auto body = JsonBody::Parse(r.body, {"status", "subject", "owner", "organisation",
                                       "classification", "severity", "tlp", "due", "requestors",
                                       "tags", "national", "reason"});
  if (!body) return ApiError(body.error());
  auto reason = (*body)->Text("reason");  // why the TLP is lowered (kept in the history)
  if (!reason) return ApiError(reason.error());
  for (const auto& key : (*body)->Keys()) {
    if (key == "reason") continue;
    auto value = (*body)->Text(key);
    if (!value) return ApiError(value.error());
    if (auto st = ctx->w.tracker->Set(t->id, key, value->value_or(""), p.name,
                                      reason->value_or(""));
        !st)
      return ApiError(st.error());
  }
  auto after = ctx->w.tracker->Get(t->id);
  if (!after) return ApiError(after.error());
  return JsonOk(TicketJson(*after, ctx->w.tracker->config(), ctx->w.clock->NowSeconds()));
}

WebResponse Comment(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  auto t = Readable(ctx, p, r);
  if (!t) return ApiError(t.error());
  auto body = JsonBody::Parse(r.body, {"text"});
  if (!body) return ApiError(body.error());
  auto text = (*body)->Str("text");
  if (!text || !*text || (*text)->empty() || (*text)->size() > 100000)
    return JsonError(400, "invalid", "text: 1 to 100000 characters");
  if (auto st = ctx->w.tracker->Comment(t->id, **text, p.name); !st) return ApiError(st.error());
  return JsonOk("{\"ok\": true}", 201);
}

WebResponse Reply(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  auto t = Readable(ctx, p, r);
  if (!t) return ApiError(t.error());
  auto body = JsonBody::Parse(r.body, {"text", "to"});
  if (!body) return ApiError(body.error());
  auto text = (*body)->Str("text");
  auto to = (*body)->Str("to");
  if (!to) return ApiError(to.error());
  if (!text || !*text || (*text)->empty() || (*text)->size() > 100000)
    return JsonError(400, "invalid", "text: 1 to 100000 characters");
  std::vector<std::string> recipients;
  if (*to && !(*to)->empty()) recipients.push_back(**to);
  auto outbox = ctx->w.mailer->Reply(t->id, **text, recipients, p.name);
  if (!outbox) return ApiError(outbox.error());
  if (ctx->w.deliver_mail) ctx->w.deliver_mail();
  return JsonOk(fmt::format("{{\"outbox\": {}}}", *outbox), 201);
}

WebResponse Link(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  auto t = Readable(ctx, p, r);
  if (!t) return ApiError(t.error());
  auto body = JsonBody::Parse(r.body, {"child"});
  if (!body) return ApiError(body.error());
  auto child = (*body)->Int("child");
  if (!child || !*child) return JsonError(400, "invalid", "child: a ticket id");
  if (auto st = ctx->w.tracker->Link(t->id, **child, p.name); !st) return ApiError(st.error());
  return JsonOk("{\"ok\": true}", 201);
}

WebResponse DoInvestigate(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  auto t = Readable(ctx, p, r);
  if (!t) return ApiError(t.error());
  auto body = JsonBody::Parse(r.body, {"dry_run"});
  if (!body) return ApiError(body.error());
  auto dry = (*body)->Bool("dry_run");
  if (!dry) return ApiError(dry.error());
  InvestigateOptions opt;
  opt.dry_run = dry->value_or(false);
  opt.actor = p.name;
  opt.stale_after_seconds = ctx->w.stale_after_seconds;
  auto index = ctx->w.constituency->Current();
  auto plan = Investigate(ctx->w.tracker, ctx->w.mailer, *index, t->id, opt);
  if (!plan) return ApiError(plan.error());
  if (!opt.dry_run && ctx->w.deliver_mail) ctx->w.deliver_mail();
  return JsonOk(InvestigationPlanJson(*plan, opt.dry_run));
}

// A constituent (or an analyst for it) says the finding is fixed or a false positive: a
// comment and a tag on the investigation, for the analysts to act on.
WebResponse Feedback(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  auto t = Readable(ctx, p, r);
  if (!t) return ApiError(t.error());
  if (t->queue != Queue::kInvestigations)
    return JsonError(400, "invalid", "feedback goes to an investigation");
  auto body = JsonBody::Parse(r.body, {"kind", "note", "events"});
  if (!body) return ApiError(body.error());
  auto kind = (*body)->Str("kind");
  if (!kind || !*kind || (**kind != "fixed" && **kind != "false-positive"))
    return JsonError(400, "invalid", "kind: fixed or false-positive");
  auto note = (*body)->Str("note");
  if (!note) return ApiError(note.error());
  if (*note && (*note)->size() > 10000) return JsonError(400, "invalid", "note: at most 10000 characters");
  auto events = (*body)->IntList("events");
  if (!events) return ApiError(events.error());
  std::string text = fmt::format("{} ({}) reports: {}.", p.name,
                                 p.organisation.empty() ? "team" : p.organisation,
                                 **kind == "fixed" ? "fixed" : "a false positive");
  if (!events->empty()) text += "\nEvents: " + JsonIds(*events);
  if (*note && !(*note)->empty()) text += "\n\n" + **note;
  if (auto st = ctx->w.tracker->Comment(t->id, text, p.name); !st) return ApiError(st.error());
  if (auto st = ctx->w.tracker->Set(t->id, "tags", "+" + **kind, p.name); !st)
    return ApiError(st.error());
  return JsonOk("{\"ok\": true}", 201);
}

}  // namespace

void AddTicketRoutes(Router* router, ApiContext* ctx) {
  AddGuarded(router, ctx, {
      {"GET", "/api/v1/tickets", Need::kRead, List},
      {"POST", "/api/v1/tickets", Need::kWrite, Create},
      {"GET", "/api/v1/tickets/{id}", Need::kRead, Show},
      {"PATCH", "/api/v1/tickets/{id}", Need::kWrite, Update},
      {"POST", "/api/v1/tickets/{id}/comments", Need::kWrite, Comment},
      {"POST", "/api/v1/tickets/{id}/replies", Need::kWrite, Reply},
      {"POST", "/api/v1/tickets/{id}/links", Need::kWrite, Link},
      {"POST", "/api/v1/tickets/{id}/investigate", Need::kWrite, DoInvestigate},
      {"POST", "/api/v1/tickets/{id}/feedback", Need::kRead, Feedback},
  });
}

}  // namespace belfry
