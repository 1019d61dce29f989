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

Route RouteEvent(const ConstituencyIndex& index, Event* e, bool destination) {
  Route r = index.Decide(QueryFromEvent(*e, destination), destination);
  ApplyRoute(r, e);
  return r;
}

}  // namespace belfry
