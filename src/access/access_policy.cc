#include "access/access_policy.h"

namespace belfry {

Principal PrincipalOf(const User& u) {
  return Principal{u.id, u.name, u.role, u.organisation};
}

bool MayReadTlp(const Principal& p, std::optional<Tlp> tlp) {
  const Tlp t = tlp.value_or(Tlp::kAmber);
  switch (p.role) {
    case Role::kAdmin:
    case Role::kAnalyst: return true;
    case Role::kReadOnly:
    case Role::kConstituent: return t != Tlp::kRed;
  }
  return false;
}

bool MayReadEvent(const Principal& p, std::optional<Tlp> tlp, const std::optional<Route>& route) {
  if (!MayReadTlp(p, tlp)) return false;
  if (p.team()) return true;
  if (p.organisation.empty() || !route) return false;
  const bool ours = route->kind == RouteKind::kConstituent || route->kind == RouteKind::kTriage;
  return ours && route->org == p.organisation;
}

bool MayReadTicket(const Principal& p, std::optional<Tlp> tlp, bool investigation,
                   std::string_view organisation) {
  if (!MayReadTlp(p, tlp)) return false;
  if (p.team()) return true;
  return investigation && !p.organisation.empty() && organisation == p.organisation;
}

}  // namespace belfry
