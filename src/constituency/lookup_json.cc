#include "constituency/lookup_json.h"

#include "core/json_object.h"

namespace belfry {

std::string LookupResultJson(const LookupResult& r) {
  std::string contacts = "[";
  for (const auto& ct : r.contacts) {
    if (contacts.size() > 1) contacts += ", ";
    contacts += JsonObject()
                    .StrOrNull("email", ct.email)
                    .StrOrNull("role", ct.role)
                    .StrOrNull("language", ct.language)
                    .StrOrNull("format", ct.format)
                    .StrOrNull("pgp_fingerprint", ct.pgp_fingerprint)
                    .Bool("manual", ct.manual)
                    .Done();
  }
  return JsonObject()
      .StrOrNull("network", r.network)
      .StrOrNull("network_name", r.network_name)
      .StrOrNull("organisation", r.organisation)
      .StrOrNull("handle", r.handle)
      .StrOrNull("sector", r.sector)
      .StrOrNull("entity_class", r.entity_class)
      .StrOrNull("country", r.country)
      .Raw("asn", r.asn ? std::to_string(*r.asn) : "null")
      .StrOrNull("abuse_email", r.abuse_email)
      .Raw("contacts", contacts + "]")
      .StrOrNull("matched_by", r.matched_by)
      .Bool("in_constituency", r.in_constituency)
      .StrOrNull("route", RouteKindName(r.route))
      .StrOrNull("route_to", r.route_to)
      .StrOrNull("peer", r.peer)
      .StrOrNull("peer_email", r.peer_email)
      .Done();
}

}  // namespace belfry
