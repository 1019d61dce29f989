#pragma once
// Where an event goes: the routing decision (enrich/router.h makes it, the store keeps it,
// the notifier acts on it). One value type from the index to the database; text only at
// the storage and wire boundaries (RouteKindName / ParseRouteKind).

#include <optional>
#include <string>
#include <string_view>

#include "model/event.h"

namespace belfry {

enum class RouteKind : uint8_t {
  kConstituent,  // one of ours, with a contact: notify it
  kTriage,       // one of ours but nobody to tell: the duty officer decides
  kPeer,         // outside the constituency, a peer CSIRT is responsible: forward
  kForeign,      // outside, no peer, the network's own abuse contact (opt-in only)
  kUnrouted,     // outside and nobody to tell
};
inline constexpr RouteKind kAllRouteKinds[] = {RouteKind::kConstituent, RouteKind::kTriage,
                                               RouteKind::kPeer, RouteKind::kForeign,
                                               RouteKind::kUnrouted};

std::string_view RouteKindName(RouteKind k);
std::optional<RouteKind> ParseRouteKind(std::string_view name);

// The one rule of who is mailed: constituents, and foreign abuse contacts (opt-in). The
// routed address is then the event's abuse contact on the routed side.
constexpr bool IsMailed(RouteKind k) {
  return k == RouteKind::kConstituent || k == RouteKind::kForeign;
}

struct Route {
  RouteKind kind = RouteKind::kUnrouted;
  std::string org;           // organisation handle (constituents and triage), else ""
  std::string target;        // e-mail address or peer team, else ""
  bool destination = false;  // routed on destination.* (else source.*)

  bool mailed() const { return IsMailed(kind); }
  bool operator==(const Route&) const = default;
};

// Writes a routing decision into an event: `constituency`, extra.route, extra.route_to, and
// the abuse contact of the routed side when the route is mailed (removing the one a
// previous decision had put there). Stored routing is authoritative: a re-route changes it
// without rewriting the stored body.
void ApplyRoute(const Route& route, Event* event);

}  // namespace belfry
