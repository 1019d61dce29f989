#include "store/event_store.h"

namespace belfry {

void ApplyRoute(const RouteFields& route, Event* e) {
  std::string previous;
  if (auto v = e->GetExtra("route_to")) previous = std::string(v->value);
  if (route.org.empty()) {
    e->Remove(fields::kConstituency);
  } else {
    e->SetNormalized(fields::kConstituency, route.org);
  }
  e->SetExtraTrusted("route", JsonKind::kString, route.kind);
  if (route.target.empty()) {
    e->RemoveExtra("route_to");
  } else {
    e->SetExtraTrusted("route_to", JsonKind::kString, route.target);
  }
  const bool mailed = route.kind == "constituent" || route.kind == "foreign";
  const FieldId contact =
      route.destination ? fields::kDestinationAbuseContact : fields::kSourceAbuseContact;
  auto v = e->Get(contact);
  if (mailed) {
    (void)e->Add(contact, route.target, /*overwrite=*/true);
  } else if (v && !previous.empty() && *v == previous) {
    e->Remove(contact);  // we had put it there; the feed's own value stays
  }
}

}  // namespace belfry
