#pragma once
// Who may read what: one place that the API, the console, the portal and the exports ask.
// Roles decide the breadth (team or one organisation); TLP 2.0 decides the depth:
//   RED           only its named recipients: the team that received it (admins, analysts);
//   AMBER+STRICT  only inside the organisation it concerns (the team, that organisation);
//   AMBER, GREEN, CLEAR: anyone the role lets see the record.
// A constituent sees only records whose owner is its organisation; for nested networks the
// router already chose the most specific owner, which is the one stored.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "access/user.h"
#include "model/route.h"
#include "model/tlp.h"

namespace belfry {

struct Principal {
  int64_t user_id = 0;
  std::string name;
  Role role = Role::kReadOnly;
  std::string organisation;  // constituents

  bool team() const { return role != Role::kConstituent; }
  bool can_write() const { return role == Role::kAdmin || role == Role::kAnalyst; }
  bool admin() const { return role == Role::kAdmin; }
};

Principal PrincipalOf(const User& u);

// `tlp`: the record's marking (absent: AMBER, the team's default for reports received).
bool MayReadTlp(const Principal& p, std::optional<Tlp> tlp);
// An event: its TLP and its current route (the organisation that owns the address).
bool MayReadEvent(const Principal& p, std::optional<Tlp> tlp, const std::optional<Route>& route);
// A ticket: its TLP, queue and organisation. Constituents see only their organisation's
// investigations.
bool MayReadTicket(const Principal& p, std::optional<Tlp> tlp, bool investigation,
                   std::string_view organisation);

}  // namespace belfry
