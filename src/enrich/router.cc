#include "enrich/router.h"

#include "core/text.h"

namespace belfry {

LookupQuery QueryFromEvent(const Event& e, bool destination) {
  LookupQuery q;
  const FieldId ip = destination ? fields::kDestinationIp : fields::kSourceIp;
  const FieldId asn = destination ? fields::kDestinationAsn : fields::kSourceAsn;
  const FieldId fqdn = destination ? fields::kDestinationFqdn : fields::kSourceFqdn;
  const FieldId cc = destination ? fields::kDestinationGeolocationCc : fields::kSourceGeolocationCc;
  if (auto v = e.Get(ip)) {
    if (auto a = IpAddress::Parse(*v)) q.ip = *a;
  }
  if (auto v = e.Get(asn)) q.asn = ParseInt64(*v);
  if (auto v = e.Get(fqdn)) q.fqdn = std::string(*v);
  if (auto v = e.Get(cc)) q.country = std::string(*v);
  return q;
}

RouteAssignment RouteEvent(const ConstituencyIndex& index, Event* e, bool destination) {
  const RouteView r = index.Route(QueryFromEvent(*e, destination));
  RouteAssignment a;
  a.kind = r.kind;
  a.target = std::string(r.target);
  if (r.kind == RouteKind::kConstituent || r.kind == RouteKind::kTriage) {
    a.org = std::string(r.org);
    if (!a.org.empty()) e->SetNormalized(fields::kConstituency, a.org);
  } else if (e->Has(fields::kConstituency)) {
    e->Remove(fields::kConstituency);  // a feed's claim does not make it ours
  }
  if (a.kind == RouteKind::kConstituent || a.kind == RouteKind::kForeign) {
    const FieldId contact =
        destination ? fields::kDestinationAbuseContact : fields::kSourceAbuseContact;
    (void)e->Add(contact, a.target, /*overwrite=*/true);
  }
  e->SetExtraTrusted("route", JsonKind::kString, RouteKindName(a.kind));
  if (!a.target.empty()) e->SetExtraTrusted("route_to", JsonKind::kString, a.target);
  return a;
}

}  // namespace belfry
