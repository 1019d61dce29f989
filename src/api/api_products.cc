#include "api/api_products.h"

#include <fmt/format.h>

#include "api/api_guard.h"
#include "api/json_body.h"
#include "core/date_time.h"
#include "core/json_object.h"

namespace belfry {

namespace {

// A constituent reaches its own organisation only; anything else does not exist for it.
bool MayReach(const Principal& p, const std::string& handle) {
  return p.team() || handle == p.organisation;
}

std::string ProductJson(const ConstituentProduct& x) {
  return JsonObject()
      .Str("vendor", x.vendor)
      .Str("product", x.product)
      .StrOrNull("version", x.version)
      .StrOrNull("cpe", x.cpe)
      .Str("source", x.source)
      .Raw("cves", JsonStringArray(x.cves))
      .StrOrNull("updated", x.updated ? FormatIsoUtc(x.updated * 1000000) : "")
      .Done();
}

// The organisation of the route, checked: 404 for one the caller may not reach or that the
// constituency does not know.
Result<std::string> Organisation(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  const std::string handle = r.params.at("handle");
  if (!MayReach(p, handle) || !ctx->w.constituency->Current()->Organisation(handle))
    return Fail(Error::NotFound("no such organisation"));
  if (!ctx->w.products) return Fail(Error::Internal("no product store"));
  return handle;
}

WebResponse List(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  auto org = Organisation(ctx, r, p);
  if (!org) return ApiError(org.error());
  auto list = ctx->w.products->ListProducts(*org);
  if (!list) return ApiError(list.error());
  std::string out = "[";
  for (const auto& x : *list) {
    if (out.size() > 1) out += ", ";
    out += ProductJson(x);
  }
  return JsonOk("{\"products\": " + out + "]}");
}

// One text field: trimmed, at most 200 characters, no control characters.
Result<std::string> Field(const JsonBody& body, const char* key, bool required) {
  auto v = body.Str(key);
  if (!v) return Fail(v.error());
  std::string s(TrimAscii(v->value_or("")));
  if (required && s.empty()) return Fail(Error::InvalidInput(fmt::format("{}: required", key)));
  if (s.size() > 200) return Fail(Error::InvalidInput(fmt::format("{}: at most 200 characters", key)));
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f)
      return Fail(Error::InvalidInput(fmt::format("{}: no control characters", key)));
  return s;
}

WebResponse Declare(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  auto org = Organisation(ctx, r, p);
  if (!org) return ApiError(org.error());
  if (p.team() && !p.can_write()) return JsonError(403, "forbidden", "your role may not do this");
  auto body = JsonBody::Parse(r.body, {"vendor", "product", "version", "cpe"});
  if (!body) return ApiError(body.error());
  ConstituentProduct x;
  x.organisation = *org;
  auto vendor = Field(**body, "vendor", true);
  auto product = Field(**body, "product", true);
  auto version = Field(**body, "version", false);
  auto cpe = Field(**body, "cpe", false);
  for (const auto* f : {&vendor, &product, &version, &cpe})
    if (!*f) return ApiError(f->error());
  x.vendor = *vendor;
  x.product = *product;
  x.version = *version;
  x.cpe = *cpe;
  if (!x.cpe.empty() && x.cpe.rfind("cpe:2.3:", 0) != 0 && x.cpe.rfind("cpe:/", 0) != 0)
    return JsonError(400, "invalid", "cpe: a CPE 2.3 name (cpe:2.3:a:vendor:product:...)");
  x.source = "declared";
  x.updated = ctx->w.clock->NowSeconds();
  auto n = ctx->w.products->UpsertProducts({x});
  if (!n) return ApiError(n.error());
  return JsonOk(ProductJson(x), 201);
}

WebResponse Remove(ApiContext* ctx, const WebRequest& r, const Principal& p) {
  auto org = Organisation(ctx, r, p);
  if (!org) return ApiError(org.error());
  if (p.team() && !p.can_write()) return JsonError(403, "forbidden", "your role may not do this");
  const std::string vendor = r.Query("vendor"), product = r.Query("product");
  if (vendor.empty() || product.empty())
    return JsonError(400, "invalid", "give vendor, product (and version) in the query");
  auto removed = ctx->w.products->RemoveProduct(*org, vendor, product, r.Query("version"));
  if (!removed) return ApiError(removed.error());
  if (!*removed) return JsonError(404, "not_found", "no such product");
  WebResponse resp;
  resp.status = 204;
  return resp;
}

}  // namespace

void AddProductRoutes(Router* router, ApiContext* ctx) {
  AddGuarded(router, ctx, {
      {"GET", "/api/v1/organisations/{handle}/products", Need::kRead, List},
      {"POST", "/api/v1/organisations/{handle}/products", Need::kRead, Declare},
      {"DELETE", "/api/v1/organisations/{handle}/products", Need::kRead, Remove},
  });
}

}  // namespace belfry
