#include "model/route.h"

namespace belfry {

std::string_view RouteKindName(RouteKind k) {
  switch (k) {
    case RouteKind::kConstituent:
      return "constituent";
    case RouteKind::kTriage:
      return "triage";
    case RouteKind::kPeer:
      return "peer";
    case RouteKind::kForeign:
      return "foreign";
    case RouteKind::kUnrouted:
      return "unrouted";
  }
  return "unrouted";
}

std::optional<RouteKind> ParseRouteKind(std::string_view name) {
  for (RouteKind k : kAllRouteKinds)
    if (RouteKindName(k) == name) return k;
  return std::nullopt;
}

void ApplyRoute(const Route& route, Event* e) {
  std::string previous;
  if (auto v = e->GetExtra("route_to")) previous = std::string(v->value);
  if (route.org.empty()) {
    e->Remove(fields::kConstituency);
  } else {
    e->SetNormalized(fields::kConstituency, route.org);
  }
  e->SetExtraTrusted("route", JsonKind::kString, RouteKindName(route.kind));
  if (route.target.empty()) {
    e->RemoveExtra("route_to");
  } else {
    e->SetExtraTrusted("route_to", JsonKind::kString, route.target);
  }
  const FieldId contact =
      route.destination ? fields::kDestinationAbuseContact : fields::kSourceAbuseContact;
  auto v = e->Get(contact);
  if (route.mailed()) {
    (void)e->Add(contact, route.target, /*overwrite=*/true);
  } else if (v && !previous.empty() && *v == previous) {
    e->Remove(contact);  // we had put it there; the feed's own value stays
  }
}

}  // namespace belfry
