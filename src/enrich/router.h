#pragma once
// The routing stage: decides for each event whose it is and who must act, from the
// constituency index. Writes `constituency` (the organisation handle, constituents only),
// `<side>.abuse_contact` (when we will mail that address), and extra.route / extra.route_to,
// so eventdb-style queries see the decision. Nothing outside the constituency is ever
// addressed to a constituent.

#include <cstdint>
#include <string>

#include "constituency/constituency_index.h"
#include "model/event.h"

namespace belfry {

// Routes on source.* by default, on destination.* when `destination` (feeds' route_on),
// and writes the decision into the event (ApplyRoute).
Route RouteEvent(const ConstituencyIndex& index, Event* event, bool destination);

// The lookup the router makes for one side of an event.
LookupQuery QueryFromEvent(const Event& event, bool destination);

}  // namespace belfry
