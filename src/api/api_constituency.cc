#include "api/api_constituency.h"

#include <fmt/format.h>

#include <set>

#include "api/api_guard.h"
#include "api/json_body.h"
#include "constituency/contact_format.h"
#include "constituency/lookup_json.h"
#include "core/json_object.h"
#include "ticket/ticket_json.h"

namespace belfry {

namespace {

// The contacts an organisation manages itself in the portal are kept under their own origin,
// apart from the imported ones: a re-import never drops them, and they are easy to review.
std::string PortalOrigin(const std::string& handle) { return "portal:" + handle; }

std::string OrgJson(const OrganisationRecord& o) {
  return JsonObject()
      .Str("handle", o.handle)
      .Str("name", o.name)
      .StrOrNull("country", o.country)
      .StrOrNull("sector", o.sector)
      .StrOrNull("entity_class", o.entity_class)
      .StrOrNull("tags", o.tags)
      .Str("origin", o.origin)
      .Done();
}

std::string ContactJson(const ContactRecord& c) {
  return JsonObject()
      .Str("email", c.email)
      .Str("role", c.role)
      .StrOrNull("language", c.language)
      .StrOrNull("format", c.format)
      .StrOrNull("network", c.network)
      .StrOrNull("pgp_fingerprint", c.pgp_fingerprint)
      .Str("origin", c.origin)
      .Bool("editable", c.origin.rfind("portal:", 0) == 0)
      .Done();
}

bool MayReadOrg(const Principal& p, const std::string& handle) {
  return p.team() || handle == p.organisation;
}

WebResponse List(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  const std::string q = r.Query("q");
  std::string out = "[";
  size_t n = 0;
  std::set<std::string> seen;  // an organisation known from several origins is listed once
  auto st = ctx->w.constituency_store->ForEachOrganisation([&](const OrganisationRecord& o) {
    if (!MayReadOrg(p, o.handle) || n >= 5000 || !seen.insert(o.handle).second) return;
    if (!q.empty() && o.handle.find(q) == std::string::npos && o.name.find(q) == std::string::npos)
      return;
    if (out.size() > 1) out += ", ";
    out += OrgJson(o);
    ++n;
  });
  if (!st) return ApiError(st.error());
  return JsonOk("{\"organisations\": " + out + "]}");
}

WebResponse Show(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  const std::string handle = r.params.at("handle");
  if (!MayReadOrg(p, handle)) return JsonError(404, "not_found", "no such organisation");
  std::optional<OrganisationRecord> org;
  std::string networks = "[", contacts = "[";
  auto st = ctx->w.constituency_store->ForEachOrganisation([&](const OrganisationRecord& o) {
    if (o.handle == handle && (!org || o.origin == "manual")) org = o;  // the team's own wins
  });
  if (!st) return ApiError(st.error());
  if (!org) return JsonError(404, "not_found", "no such organisation");
  st = ctx->w.constituency_store->ForEachNetwork([&](const NetworkRecord& n) {
    if (n.org != handle) return;
    if (networks.size() > 1) networks += ", ";
    networks += JsonObject()
                    .Str("key", n.key)
                    .Str("kind", n.kind == NetworkKind::kAsn      ? "asn"
                                 : n.kind == NetworkKind::kDomain ? "domain"
                                 : n.kind == NetworkKind::kRoute  ? "route"
                                                                  : "ip-range")
                    .Str("origin", n.origin)
                    .Done();
  });
  if (!st) return ApiError(st.error());
  st = ctx->w.constituency_store->ForEachContact([&](const ContactRecord& c) {
    if (c.org != handle) return;
    if (contacts.size() > 1) contacts += ", ";
    contacts += ContactJson(c);
  });
  if (!st) return ApiError(st.error());
  TicketFilter f;
  f.queue = Queue::kInvestigations;
  f.organisation = handle;
  f.active_only = true;
  f.limit = 200;
  auto tickets = ctx->w.tracker->store()->ListTickets(f);
  if (!tickets) return ApiError(tickets.error());
  std::string open = "[";
  const int64_t now = ctx->w.clock->NowSeconds();
  for (const auto& t : *tickets) {
    if (!MayReadTicket(p, ParseTlp(t.tlp), true, t.organisation)) continue;
    if (open.size() > 1) open += ", ";
    open += TicketJson(t, ctx->w.tracker->config(), now);
  }
  return JsonOk(JsonObject()
                    .Raw("organisation", OrgJson(*org))
                    .Raw("networks", networks + "]")
                    .Raw("contacts", contacts + "]")
                    .Raw("investigations", open + "]")
                    .Int("portal_max_contacts", ctx->w.web->portal_max_contacts)
                    .Done());
}

// The organisation's self-managed contacts, replaced as a whole in one transaction.
Status ReplacePortalContacts(ApiContext* ctx, const std::string& handle,
                             const std::vector<ContactRecord>& contacts) {
  auto* store = ctx->w.constituency_store;
  BELFRY_RETURN_IF_ERROR(store->Begin());
  auto st = store->DeleteOrigin(PortalOrigin(handle), {});
  for (size_t i = 0; st && i < contacts.size(); ++i) st = store->PutContact(contacts[i]);
  if (!st) {
    (void)store->Rollback();
    return st;
  }
  BELFRY_RETURN_IF_ERROR(store->Commit());
  auto refreshed = ctx->w.constituency->Refresh();
  if (!refreshed) return Fail(refreshed.error());
  return Ok();
}

Result<std::vector<ContactRecord>> PortalContacts(ApiContext* ctx, const std::string& handle) {
  std::vector<ContactRecord> out;
  auto st = ctx->w.constituency_store->ForEachContact([&](const ContactRecord& c) {
    if (c.origin == PortalOrigin(handle)) out.push_back(c);
  });
  if (!st) return Fail(st.error());
  return out;
}

WebResponse AddContact(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  const std::string handle = r.params.at("handle");
  if (!MayReadOrg(p, handle)) return JsonError(404, "not_found", "no such organisation");
  if (p.team() && !p.can_write()) return JsonError(403, "forbidden", "your role may not do this");
  if (!p.team() && ctx->w.web->portal_max_contacts == 0)
    return JsonError(403, "forbidden", "the team manages this organisation's contacts");
  if (!ctx->w.constituency->Current()->Organisation(handle))
    return JsonError(404, "not_found", "no such organisation");
  auto body = JsonBody::Parse(r.body, {"email", "role", "language", "format"});
  if (!body) return ApiError(body.error());
  ContactRecord c;
  c.origin = PortalOrigin(handle);
  c.org = handle;
  auto email = (*body)->Str("email");
  if (!email || !*email || (*email)->size() > 254 || (*email)->find('@') == std::string::npos ||
      (*email)->find_first_of(" \t\r\n,;<>\"") != std::string::npos)
    return JsonError(400, "invalid", "email: one e-mail address");
  c.email = **email;
  auto role = (*body)->Str("role");
  if (!role) return ApiError(role.error());
  c.role = role->value_or("abuse");
  if (c.role != "abuse" && c.role != "security" && c.role != "noc" && c.role != "management")
    return JsonError(400, "invalid", "role: abuse, security, noc or management");
  auto language = (*body)->Str("language");
  if (!language) return ApiError(language.error());
  c.language = language->value_or("");
  if (!c.language.empty() && c.language != "nl" && c.language != "fr" && c.language != "de" &&
      c.language != "en")
    return JsonError(400, "invalid", "language: nl, fr, de or en");
  auto format = (*body)->Str("format");
  if (!format) return ApiError(format.error());
  c.format = format->value_or("");
  if (!c.format.empty() && !ParseContactFormat(c.format))
    return JsonError(400, "invalid", std::string("format: ") + kFormatHelp);
  auto current = PortalContacts(ctx, handle);
  if (!current) return ApiError(current.error());
  for (const auto& x : *current)
    if (x.email == c.email && x.role == c.role)
      return JsonError(409, "exists", "this contact is there already");
  if (!p.team() && static_cast<int64_t>(current->size()) >= ctx->w.web->portal_max_contacts)
    return JsonError(403, "limit", fmt::format("at most {} contacts of your own",
                                               ctx->w.web->portal_max_contacts));
  current->push_back(c);
  if (auto st = ReplacePortalContacts(ctx, handle, *current); !st) return ApiError(st.error());
  (void)ctx->w.users->AddAudit({0, ctx->w.clock->NowSeconds(), p.name, "contact-add", handle,
                                c.email + " " + c.role});
  return JsonOk(ContactJson(c), 201);
}

WebResponse RemoveContact(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  const std::string handle = r.params.at("handle");
  if (!MayReadOrg(p, handle)) return JsonError(404, "not_found", "no such organisation");
  if (p.team() && !p.can_write()) return JsonError(403, "forbidden", "your role may not do this");
  const std::string email = r.params.at("email");
  auto current = PortalContacts(ctx, handle);
  if (!current) return ApiError(current.error());
  const size_t before = current->size();
  std::erase_if(*current, [&](const ContactRecord& c) { return c.email == email; });
  if (current->size() == before)
    return JsonError(404, "not_found", "no such contact of the organisation's own");
  if (auto st = ReplacePortalContacts(ctx, handle, *current); !st) return ApiError(st.error());
  (void)ctx->w.users->AddAudit(
      {0, ctx->w.clock->NowSeconds(), p.name, "contact-remove", handle, email});
  return JsonOk("{\"ok\": true}");
}

WebResponse Lookup(ApiContext* ctx, const WebRequest& r, const Principal&) {
  LookupQuery q;
  if (auto v = r.Query("ip"); !v.empty()) {
    auto ip = IpAddress::Parse(v);
    if (!ip) return JsonError(400, "invalid", "ip: not an IP address");
    q.ip = *ip;
  }
  if (auto v = r.Query("asn"); !v.empty()) {
    auto asn = ParseInt64(v.rfind("AS", 0) == 0 ? v.substr(2) : v);
    if (!asn || *asn < 0) return JsonError(400, "invalid", "asn: a number");
    q.asn = *asn;
  }
  q.fqdn = r.Query("fqdn");
  if (!q.ip && !q.asn && q.fqdn.empty()) return JsonError(400, "invalid", "give ip, asn or fqdn");
  return JsonOk(LookupResultJson(ctx->w.constituency->Current()->Lookup(q)));
}

}  // namespace

void AddConstituencyRoutes(Router* router, ApiContext* ctx) {
  AddGuarded(router, ctx, {
      {"GET", "/api/v1/organisations", Need::kRead, List},
      {"GET", "/api/v1/organisations/{handle}", Need::kRead, Show},
      {"POST", "/api/v1/organisations/{handle}/contacts", Need::kRead, AddContact},
      {"DELETE", "/api/v1/organisations/{handle}/contacts/{email}", Need::kRead, RemoveContact},
      {"GET", "/api/v1/lookup", Need::kTeam, Lookup},
  });
}

}  // namespace belfry
